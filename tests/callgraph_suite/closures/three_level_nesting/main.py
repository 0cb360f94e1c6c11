"""Three levels of nested closures: the innermost calls a function captured two scopes up and a sibling helper."""


def trim(s):
    return s.strip()


def shout(s):
    return s.upper()


def make_pipeline(clean):
    def stage(suffix):
        def helper(s):
            return s + suffix

        def run(text):
            return helper(clean(text))

        return run

    return stage


stage = make_pipeline(trim)
run_bang = stage("!")
print(run_bang("  hi "), make_pipeline(shout)("?")("yo"))
