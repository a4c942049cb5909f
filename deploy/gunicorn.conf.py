"""gunicorn settings for one Signpost app instance (`gunicorn -c deploy/gunicorn.conf.py wsgi:app`).

Sync workers: a results page is CPU work (about 6 ms when never seen before) and a few short database
reads, so one request per process at a time is the simplest fast model. A sync worker is also tied up
for as long as its client takes to send a request or read the answer, so it must sit behind a buffering
proxy (nginx, deploy/nginx/signpost.conf) that reads the whole request before passing it on and takes
the whole answer at once: three clients sending a byte a second would otherwise hold three workers.

Every setting can be changed with an environment variable (see docs/deploy.md).
"""

import multiprocessing
import os

bind = os.environ.get("SIGNPOST_BIND", "127.0.0.1:8001")
# (2 x cores) + 1 is gunicorn's rule for sync workers; each worker keeps its own caches (see the README
# for the memory each one needs), so on a small machine memory may be the limit rather than cores.
workers = int(os.environ.get("SIGNPOST_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# A request that takes longer than this is a bug or a stuck database: the worker is killed and replaced.
# The PostgreSQL connect timeout (SIGNPOST_DATABASE_CONNECT_TIMEOUT, 3 s) is well inside it, so an outage
# gives the fallback page rather than a killed worker.
timeout = int(os.environ.get("SIGNPOST_WORKER_TIMEOUT", "30"))
graceful_timeout = 20
# Load the app once in the master: a broken config fails at start, and workers share its code pages.
preload_app = True
# Heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# Same limits as nginx (deploy/nginx/signpost.conf), in case the app is reached without it.
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190
# Recycling workers is a safety net, off by default: the README says why memory levels off.
max_requests = int(os.environ.get("SIGNPOST_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10

proc_name = os.environ.get("SIGNPOST_PROC_NAME", "signpost")
loglevel = os.environ.get("SIGNPOST_GUNICORN_LOG_LEVEL", "info")
errorlog = "-"
# The access log leaves out the query string (%(U)s is the path alone) and the Referer; the path itself
# never holds more than a postcode sector. %({x-request-id}i)s matches nginx's log and the app's error line.
accesslog = os.environ.get("SIGNPOST_ACCESS_LOG", "-") or None
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms %({x-request-id}i)s'
# nginx on the same machine sets X-Forwarded-For; the app trusts it with SIGNPOST_TRUSTED_PROXIES=1.
forwarded_allow_ips = "127.0.0.1"
