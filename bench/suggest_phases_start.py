"""Imported first of the fork server's preloads in bench/suggest_phases.py's runs: when preloading starts."""

import os
import sys
import time

if os.environ.get("QUALCODE_PHASES_LOG"):
    line = (f"{time.clock_gettime(time.CLOCK_MONOTONIC) - float(os.environ.get('QUALCODE_PHASES_T0') or 0):.4f}\t"
            f"{os.getpid()}\tfork server: preload starts ({len(sys.modules)} modules)\t{time.process_time():.4f}\n")
    fd = os.open(os.environ["QUALCODE_PHASES_LOG"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    os.write(fd, line.encode())
    os.close(fd)
