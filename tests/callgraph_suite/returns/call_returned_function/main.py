"""A function returned by another module's function is called directly (get_handler()()), after assignment, and via a default argument."""
import handlers
from handlers import get_handler


def serve(path, resolve=get_handler):
    return resolve()(path)


print(get_handler()("/index"))
h = handlers.get_handler()
print(h("/about"), serve("/contact"))
