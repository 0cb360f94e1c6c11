"""Import aliases (`import a.b as c`, `from a import b as c`), one alias named like a sibling module."""

import formats.html as text
import formats.text as fmt
from formats.html import render as render_html
from formats.text import escape
from formats.text import render as render_text


def page(body):
    return render_html(escape(body))


def plain(body):
    return fmt.render(body) + text.render(body)


print(page("<b>"), plain("x"), render_text("y"))
