"""A description of the machine a benchmark ran on (benchmarks are compared on the same machine)."""

from __future__ import annotations

import os
import platform
import subprocess


def describe() -> dict[str, str | int]:
    cpu = platform.processor() or ""
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True, timeout=5).stdout.splitlines():
            if line.startswith("Model name:"):
                cpu = line.split(":", 1)[1].strip()
    except (OSError, subprocess.SubprocessError):
        pass
    mem = 0
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            mem = int(f.readline().split()[1]) // 1024
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count() or 0, "memory_mib": mem, "python": platform.python_version(),
            "system": platform.platform()}
