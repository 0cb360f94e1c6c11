"""finally blocks calling cleanup functions and methods on both paths, including nested try/finally."""


class Connection:
    def __init__(self, name):
        self.name = name
        self.open = True

    def close(self):
        self.open = False
        print("closed", self.name)


def release_lock():
    print("lock released")


def risky(conn, fail):
    if fail:
        raise RuntimeError("boom")
    return conn.name


def run(fail):
    conn = Connection("db")
    try:
        return risky(conn, fail)
    except RuntimeError:
        return None
    finally:
        conn.close()
        release_lock()


def nested():
    try:
        try:
            run(True)
        finally:
            release_lock()
    finally:
        print("outer finally")


print(run(False), run(True))
nested()
