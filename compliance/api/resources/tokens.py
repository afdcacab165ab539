"""/api/v1/tokens/: the user's own API tokens (the key is shown once)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from compliance.api import docs
from compliance.api.base import ID, ApiMixin, VisibleRowsMixin
from compliance.api.tokens import create_token, revoke_token
from providers.models import ApiToken


class TokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
        read_only_fields = fields


class NewTokenSerializer(TokenSerializer):
    key = serializers.CharField(
        read_only=True, help_text="The secret: shown this once, never again. Keep it safe."
    )

    class Meta(TokenSerializer.Meta):
        fields = [*TokenSerializer.Meta.fields, "key"]
        read_only_fields = fields


class TokenCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, help_text="What the token is for.")


@extend_schema_view(
    list=extend_schema(
        summary="Your API tokens",
        description="Revoked tokens stay listed, with when they were revoked.",
        responses={200: TokenSerializer(many=True), **docs.LIST_ERRORS},
        examples=[docs.example("Tokens", docs.TOKEN)],
        filters=False,
    ),
    retrieve=extend_schema(
        summary="One of your API tokens",
        responses={200: TokenSerializer, **docs.READ_ERRORS},
        examples=[docs.example("Token", docs.TOKEN)],
        filters=False,
    ),
    create=extend_schema(
        summary="Create an API token",
        description=(
            "The answer holds the key, once: only its SHA-256 is stored. Send it as "
            "`Authorization: Token <key>`."
        ),
        request=TokenCreateSerializer,
        responses={201: NewTokenSerializer, **docs.WRITE_ERRORS},
        examples=[
            docs.OpenApiExample("Name it", value={"name": "Rota system sync"}, request_only=True),
            docs.example("New token", docs.NEW_TOKEN, status_codes=["201"]),
        ],
        filters=False,
    ),
    destroy=extend_schema(
        summary="Revoke an API token",
        description="The token stops working at once. Revoking twice is harmless.",
        responses={204: None, **docs.READ_ERRORS},
        filters=False,
    ),
)
class TokenViewSet(
    VisibleRowsMixin,
    ApiMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = TokenSerializer
    queryset = ApiToken.objects.none()
    lookup_value_regex = ID
    filter_backends = []

    def visible(self):
        return ApiToken.objects.filter(user=self.request.user).order_by("-created_at", "-pk")

    def create(self, request, *args, **kwargs):
        data = self.valid_input(TokenCreateSerializer)
        new = create_token(user=request.user, name=data["name"])
        data = {**TokenSerializer(new.token).data, "key": new.key}
        return Response(NewTokenSerializer(data).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        revoke_token(token=instance)
