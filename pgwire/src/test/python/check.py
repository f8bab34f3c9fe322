"""A tiny harness for the client scripts: each check is run, its failure recorded, and the script exits
non-zero listing the failures (the Java test shows them). Run with Debian's interpreter, /usr/bin/python3."""
import sys
import traceback

_failures = []


def check(name, fn):
    try:
        fn()
        print("ok   " + name)
    except Exception as e:  # noqa: BLE001 - every failure is reported, whatever it is
        _failures.append(name)
        print("FAIL " + name + ": " + "".join(traceback.format_exception_only(type(e), e)).strip())


def equal(expected, actual, what=""):
    if expected != actual:
        raise AssertionError("%s expected %r, got %r" % (what, expected, actual))


def done():
    if _failures:
        print("FAILED: " + ", ".join(_failures))
        sys.exit(1)
    print("ALL OK")
