"""super().method() where the direct parent lacks the method continues to the grandparent; self.m() stays on the override."""


class Handler:
    def handle(self, request):
        return f"handled {request}"

    def log(self, msg):
        print("[handler]", msg)


class AuthHandler(Handler):
    def log(self, msg):
        print("[auth]", msg)


class ApiHandler(AuthHandler):
    def log(self, msg):
        super().log("api: " + msg)

    def handle(self, request):
        self.log(request)
        return super().handle(request.strip("/"))


print(ApiHandler().handle("/users/"))
