# The policygraph API image (used by docker-compose.yml): the same locked environment as scripts/run.
FROM python:3.11-slim
WORKDIR /app
COPY . /app
RUN pip install --no-cache-dir uv==0.13.9 \
 && UV_PROJECT_ENVIRONMENT=/app/.venv uv sync --locked --no-cache --python python3
ENV PATH="/app/.venv/bin:$PATH"
EXPOSE 8000
CMD ["policygraph", "run"]
