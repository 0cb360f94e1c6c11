"""Callbacks passed to a constructor (or left to its default) and to a method, called later by methods and closures."""


def retry_policy(attempt):
    return attempt < 2


def never(attempt):
    return False


def flaky(attempt):
    return attempt >= 1


class Runner:
    def __init__(self, should_retry=never):
        self.should_retry = should_retry

    def run(self, job):
        attempt = 0
        while True:
            result = job(attempt)
            if result or not self.should_retry(attempt):
                return result
            attempt += 1


def make_job(check):
    def job(attempt):
        return check(attempt)

    return job


r1 = Runner(retry_policy)
r2 = Runner()
print(r1.run(flaky), r2.run(make_job(lambda a: a == 0)))
