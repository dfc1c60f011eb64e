"""Login throttling glue for django-axes."""

from axes.backends import AxesStandaloneBackend


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for every login that comes with a request.

    The admin login form always passes the request, so it is always throttled. Calls without
    one (Django's test client `login()`, a shell) cannot be attributed to an address and are
    passed on to the next backend instead of raising AxesBackendRequestParameterRequired.
    """

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
