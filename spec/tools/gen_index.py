"""Rewrites the requirements index (last section) of a chapter from the ids its text cites.

Run from the repository root: python3 spec/tools/gen_index.py CHAPTER, CHAPTER one of chat, messaging
(spec/transport.md has its own layout: spec/tools/gen_transport_index.py)."""
import re
import sys

# chapter: (id prefix, the sections whose keyword-less ids state a format or a procedure step)
CHAPTERS = {
    'chat': ('CH', '9 and 12'),
    'messaging': ('PM', '5 and 8'),
}
if len(sys.argv) != 2 or sys.argv[1] not in CHAPTERS:
    sys.exit('usage: python3 spec/tools/gen_index.py {%s}' % '|'.join(CHAPTERS))
chapter = sys.argv[1]
prefix, procedure_sections = CHAPTERS[chapter]
p = 'spec/%s.md' % chapter
s = open(p).read()
m = re.search(r'\n## (\d+)\. Requirements? index\n', s)
assert m, 'no index heading'
head = s[:m.start()]
num = m.group(1)
ids = []
for mm in re.finditer(r'\[(' + prefix + r'-[A-Z]+(?:-[A-Z]+)*-\d+)\]', head):
    if mm.group(1) not in ids:
        ids.append(mm.group(1))
def order(i):
    t, n = i.rsplit('-', 1)
    return (t, int(n))
section = {}
cur = None
lines = head.split('\n')
for k, l in enumerate(lines):
    h = re.match(r'#{2,3} (\d+)\.', l)
    if h:
        cur = h.group(1)
    for mm in re.finditer(r'\[(' + prefix + r'-[A-Z-]+-\d+)\]', l):
        section.setdefault(mm.group(1), (cur, k))
rows = []
for i in ids:
    sec, k = section[i]
    # the paragraph or list item holding the first citation
    a = k
    while a > 0 and lines[a - 1].strip() and not lines[a].lstrip().startswith(('- ', '| ', '#')):
        a -= 1
    b = k
    while b + 1 < len(lines) and lines[b + 1].strip() and not lines[b + 1].lstrip().startswith(('- ', '| ', '#')):
        b += 1
    para = ' '.join(x.strip() for x in lines[a:b + 1])
    para = re.sub(r'^[-|] ', '', para)
    # the sentence holding the id
    sentences = re.split(r'(?<=[.;:])\s+(?=[A-Z\[`(])', para)
    sent = next((x for x in sentences if '[' + i + ']' in x), para)
    kw = 'none'
    for w in ('MUST NOT', 'SHOULD NOT', 'MUST', 'SHOULD', 'MAY'):
        if re.search(r'\b' + w + r'\b', sent):
            kw = w
            break
    if kw == 'none':
        for w in ('MUST NOT', 'SHOULD NOT', 'MUST', 'SHOULD', 'MAY'):
            if re.search(r'\b' + w + r'\b', para):
                kw = w
                break
    if kw == 'none':
        kw = 'MUST'  # a format statement or a step of a normative procedure (see the preamble)
    text = sent.replace('|', '\\|').strip()
    if len(text) > 110:
        text = text[:108].rsplit(' ', 1)[0] + ' …'
    rows.append((order(i), '| %s | %s | %s | %s |' % (i, kw, sec, text)))
rows.sort()
out = head + '\n## %s. Requirements index\n\nEvery requirement id of this chapter: its strongest keyword, the section that states it and the\nstart of the sentence that states it. An id whose sentence has no keyword states a format or a step of\na normative procedure (sections %s) and counts as a MUST. Written by `python3 spec/tools/gen_index.py %s`; the tests and\nscenarios that cite each id are in [requirements/%s.md](requirements/%s.md).\n\n| id | keyword | § | rule |\n|---|---|---|---|\n' % (num, procedure_sections, chapter, chapter, chapter)
out += '\n'.join(r for _, r in rows) + '\n'
open(p, 'w').write(out)
print(len(rows), 'rows;', sum(1 for _, r in rows if ' | none | ' in r), 'without keyword')
