"""*args/**kwargs forwarding: the callable travels inside packed arguments to the function that finally calls it."""


def render_html(title, body=""):
    return f"<h1>{title}</h1>{body}"


def render_text(title, body=""):
    return title + "\n" + body


def invoke(func, *args, **kwargs):
    return func(*args, **kwargs)


def forward(*args, **kwargs):
    return invoke(*args, **kwargs)


def timed(label, *args, **kwargs):
    result = forward(*args, **kwargs)
    return label + ":" + result


def via_kwargs(**kwargs):
    return kwargs["renderer"]("T")


print(forward(render_text, "Title", body="b"))
print(timed("t", render_html, "Head"))
print(invoke(**{"func": render_text, "title": "K"}))
print(via_kwargs(renderer=render_html))
