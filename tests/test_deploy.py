"""The Docker offering matches what the README promises (it cannot run here: no Docker engine)."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_compose_runs_neo4j_5_26_community_and_the_api_with_healthchecks():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    neo4j, api = compose["services"]["neo4j"], compose["services"]["api"]
    assert neo4j["image"] == "neo4j:5.26-community"
    assert "neo4j-data:/data" in neo4j["volumes"] and "neo4j-data" in compose["volumes"]
    assert "NEO4J_PASSWORD" in neo4j["environment"]["NEO4J_AUTH"]
    assert neo4j["healthcheck"] and api["healthcheck"]
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert api["env_file"] == ".env" and (ROOT / ".env.example").exists()
    assert all(p.startswith("127.0.0.1:") for s in (neo4j, api) for p in s["ports"])
