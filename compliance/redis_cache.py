"""Django's Redis cache, with one redis client per connection pool instead of one per call.

Django builds a new `redis.Redis` for every cache operation; building one fills its table of
response callbacks, about 0.3 ms on this machine's class, several times per request (the
session, the read cache's generations, the page). A client is thread-safe and holds only its
pool, so one per pool serves every call. Settings use this backend wherever the cache URL
names Redis."""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusedRedisClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(
                connection_pool=self._get_connection_pool(write)
            )
        return client


class ReusedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedRedisClient
