"""gunicorn's settings for `make serve` (docs/deploy.md). The access log writes paths without
their query strings and calendar tokens shortened (core/logs.py): a request line is otherwise
written whole, and with it whatever the address carried."""

from gunicorn.glogging import Logger

from vahti.core.logs import loggable

accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'


class VahtiLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        path = loggable(environ.get("PATH_INFO", ""))
        atoms["r"] = (
            f"{environ.get('REQUEST_METHOD', '-')} {path} {environ.get('SERVER_PROTOCOL', '-')}"
        )
        atoms["U"], atoms["q"] = path, ""
        # Every other atom (the referer, the raw address, headers and environment by name)
        # through the same filter.
        return {
            key: loggable(value) if isinstance(value, str) and key not in ("r", "U") else value
            for key, value in atoms.items()
        }


logger_class = VahtiLogger
