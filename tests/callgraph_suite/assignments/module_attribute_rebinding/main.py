"""Assigning functions to another module's attribute rebinds the global that the module's own functions call."""

import config
import config as settings


def audit_hook(event):
    return "audit:" + event


def loud_hook(event):
    return event.upper()


print(config.emit("boot"))
config.hook = audit_hook
print(settings.emit("run"))
settings.hook = loud_hook
print(config.emit("stop"), config.default_hook("x"))
