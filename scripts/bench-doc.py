#!/usr/bin/env python3
"""Copies the tables `make bench` wrote (DIR/NAME.md) into docs/performance.md, between the
markers <!-- bench:NAME --> and <!-- /bench:NAME -->. Sections whose table was not written in
this run (a FILTER run) keep what they had. Usage: scripts/bench-doc.py DIR [DOC]"""
import os, re, sys

folder = sys.argv[1]
doc = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "docs", "performance.md")
text = open(doc).read()
updated = []

def replace(match):
    name = match.group(1)
    path = os.path.join(folder, name + ".md")
    if not os.path.exists(path):
        return match.group(0)
    updated.append(name)
    return "<!-- bench:%s -->\n%s<!-- /bench:%s -->" % (name, open(path).read(), name)

text = re.sub(r"<!-- bench:([\w-]+) -->\n.*?<!-- /bench:\1 -->", replace, text, flags=re.S)
open(doc, "w").write(text)
print("docs/performance.md: updated %s" % (", ".join(updated) or "nothing (no tables in %s)" % folder))
