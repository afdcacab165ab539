"""The read cache: whole rendered pages and API responses, per user, kept until their data
changes (see README "Read cache").

Every cached answer is stored under a key that holds the *generation* of each provider it
shows (`generations.py`). A write to a provider's homes, inspections, requirements, duties or
people gives that provider a new generation when its transaction commits (`receivers.py`),
so the next read misses and is rendered afresh. Time is in the key too: today's date in
London, and READ_CACHE_SECONDS bounds how long any answer lives at all.
"""
