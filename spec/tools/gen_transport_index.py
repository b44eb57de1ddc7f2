"""Rewrites the requirements index (section 20) of spec/transport.md from the rules in its text.

Run from the repository root after adding or changing a rule: python3 spec/tools/gen_transport_index.py
A rule is a list item or a bold-headed paragraph that starts with its id; the keyword column is the
strongest RFC 2119 keyword of its first paragraph."""
import re
p = 'spec/transport.md'
text = open(p).read()
head, sep, tail = text.partition('\n## 20. Requirements index\n')
assert sep
# keep the table preamble of section 20, replace the rows
lines = tail.split('\n')
i = next(k for k, l in enumerate(lines) if l.startswith('|---'))
j = i + 1
while j < len(lines) and lines[j].startswith('|'):
    j += 1
rows = []
section = None
paras = re.split(r'\n(?=- \[TR-|\*\*[^*\n]+\*\* \[TR-|## )', head)
for para in paras:
    m = re.match(r'## (\d+)\.', para)
    if m:
        section = m.group(1)
        continue
    m = re.match(r'(?:- |\*\*[^*\n]+\*\* )\[(TR-[A-Z0-9-]+)\]\s*(?:\([^)]*\)\s*)?(.*)', para, re.S)
    if not m:
        continue
    ident, body = m.group(1), m.group(2)
    body = body.split('\n\n')[0]
    body = ' '.join(body.split())
    kw = 'MUST' if ident.startswith('TR-INV-') else None
    for k in ('MUST NOT', 'SHALL NOT', 'SHOULD NOT', 'MUST', 'SHALL', 'SHOULD', 'MAY'):
        if re.search(r'\b' + k + r'\b', body):
            kw = k
            break
    short = body if len(body) <= 90 else body[:88].rsplit(' ', 1)[0] + ' …'
    short = short.replace('|', '\\|')
    rows.append('| %s | %s | %s | %s |' % (ident, kw or '—', section, short))
ids = [r.split(' | ')[0][2:] for r in rows]
dups = {x for x in ids if ids.count(x) > 1}
assert not dups, dups
lines[i + 1:j] = rows
open(p, 'w').write(head + sep + '\n'.join(lines))
print(len(rows), 'rows;', sum(1 for r in rows if ' | — | ' in r), 'without keyword')
