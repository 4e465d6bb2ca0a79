"""Settings: one validated object, read from the environment (prefix ``POLICYGRAPH_``) once and
passed down. Neo4j settings use their conventional names (``NEO4J_URI`` …)."""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="POLICYGRAPH_", extra="ignore", populate_by_name=True)

    data_dir: Path = Field(default=PROJECT_ROOT / ".work", description="where the embedded store lives")
    store: Path | None = Field(default=None, description="the embedded store's directory (default: data_dir/store)")
    corpus_dir: Path = Field(default=PROJECT_ROOT / "corpus", description="the bundled sample corpus")
    host: str = Field(default="127.0.0.1", description="address the API listens on")
    port: int = Field(default=8000, ge=1, le=65535, description="port the API listens on")
    api_key: SecretStr | None = Field(default=None, description="key for the endpoints that change data "
                                      "(ingest, Neo4j push); unset: those endpoints are off")
    cors_origins: list[str] = Field(default_factory=list, description="origins allowed to call the API from a "
                                    "browser (JSON list); empty: none, the page is served from the same origin")
    max_body_bytes: int = Field(default=20 * 1024 * 1024, ge=1024, description="largest request body accepted")
    query_cache: int = Field(default=4096, ge=0, description="answers the embedded backend keeps: whole "
                             "responses, revalidated after a change, and each generation's query rows (0: none)")
    neo4j_uri: str | None = Field(default=None, validation_alias=AliasChoices("NEO4J_URI"),
                                  description="Bolt URI; when set the API serves from Neo4j")
    neo4j_user: str = Field(default="neo4j", validation_alias=AliasChoices("NEO4J_USER"))
    neo4j_password: SecretStr | None = Field(default=None, validation_alias=AliasChoices("NEO4J_PASSWORD"))
    neo4j_database: str = Field(default="neo4j", validation_alias=AliasChoices("NEO4J_DATABASE"))

    @property
    def store_dir(self) -> Path:
        return self.store or self.data_dir / "store"
