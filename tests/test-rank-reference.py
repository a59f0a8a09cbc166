#!/usr/bin/env python3
# test-rank-reference.py — xingping-cli rank against an independent
# reference implementation of DESIGN.md's rules 1–10
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The reference below is written from DESIGN.md alone, with exact
# fractions.  It ranks the bundled sample and pseudo-random projects
# (schemes with every aggregation, self-weight, precision 0–2, scales
# 10/100/120, tie-breaks, vetoes, caps and quotas in both modes) and
# compares every score, bonus, penalty, dimension score, star, grade,
# rank, category rank, quota flag and the quota summary with the CLI's
# ranked JSON.  Prints TAP.
#
# It also recomputes the "consistency" object from the project alone —
# per-evaluator offsets, ICC(2,k) (Shrout & Fleiss 1979, exact
# fractions), Kendall's W with the tie correction, the deviation and item
# flags, and leave-one-evaluator-out with these rules — and compares the
# statistics to three decimals.
#
# Usage: test-rank-reference.py CLI SAMPLE.xingping [N_SEEDS]

import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from decimal import Decimal
from fractions import Fraction as F

NS = '{urn:xingping:criteria:1}'

def make(seed):
    R = random.Random(seed)
    method = R.choice(['mean', 'median', 'trimmed-mean'])
    trim = R.choice([1, 1, 2])
    mine = R.choice([1, 2, 3])
    w = R.choice(['0', '0', '0.3', '0.25'])
    prec = R.choice([0, 1, 2, 2])
    scale = R.choice(['100', '100', '10', '120'])
    tb = R.choice(['', 'D2', 'D2 D1'])
    cats = ['standalone', 'joint']
    items = [('D1', 'D1.1', 10, None, '0.5'), ('D1', 'D1.2', 6, 'joint', '1'), ('D2', 'D2.1', 8, None, '0.5'),
             ('D2', 'D2.2', 4, 'standalone', '0.5')]
    sc = float(scale)
    x = ["<?xml version='1.0' encoding='UTF-8'?>",
         f"<criteria xmlns='urn:xingping:criteria:1' id='r{seed}' version='1' scale='{scale}' precision='{prec}'>",
         "<title>r</title><categories>" + ''.join(f"<category id='{c}'><label>{c}</label></category>" for c in cats) + "</categories>"]
    for d in ('D1', 'D2'):
        x.append(f"<dimension id='{d}'><label>{d}</label>")
        for dd, iid, mx, c, st in items:
            if dd == d:
                x.append(f"<item id='{iid}' max='{mx}' step='{st}'" + (f" categories='{c}'" if c else '') + "><label>i</label></item>")
        x.append("</dimension>")
    x.append("<bonus cap='3'><item id='B1' max='2'><label>b</label></item><item id='B2' max='2'><label>b</label></item></bonus>")
    x.append("<penalty cap='2'><item id='P1' max='3'><label>p</label></item></penalty>")
    x.append("<vetoes><veto id='V1' stars-max='2'><label>v</label></veto><veto id='V2' stars-max='0' grade='lagging'><label>v</label></veto><veto id='V3' grade='good'><label>v</label></veto><veto id='V4' grade='average'><label>v</label></veto></vetoes>")
    m = [0.9, 0.8, 0.7, 0.6]
    x.append("<stars>" + ''.join(f"<star level='{5-i}' min='{sc*m[i]:g}'/>" for i in range(4)) + "</stars>")
    x.append("<grades><grade id='advanced' min-stars='5'><label>a</label></grade><grade id='good' min-stars='4'><label>g</label></grade><grade id='average' min-stars='3'><label>v</label></grade><grade id='lagging' min-stars='0'><label>l</label></grade></grades>")
    x.append(f"<aggregation method='{method}' trim='{trim}' min-evaluators='{mine}' self-weight='{w}'" + (f" tie-break='{tb}'" if tb else '') + "/>")
    for lvl in R.sample([5, 4, 3], R.randint(0, 3)):
        x.append(f"<quota level='{lvl}' max-percent='{R.choice([10, 20, 25, 33.5, 0])}' mode='{R.choice(['enforce', 'enforce', 'warn'])}'/>")
    x.append("</criteria>")
    xml = '\n'.join(x) + '\n'
    evs = [{'id': f'e{i}', 'name': f'e{i}', 'role': 'group'} for i in range(1, R.randint(2, 6))]
    if R.random() < 0.7: evs.append({'id': 'self', 'name': 's', 'role': 'self'})
    branches, scores = [], {}
    for n in range(R.randint(5, 40)):
        cat = R.choice(cats)
        bid = f'b{R.randint(0, 999):03d}x{n}'
        vet = R.sample(['V1', 'V2', 'V3', 'V4'], R.choice([0, 0, 0, 1, 2]))
        branches.append({'id': bid, 'name': bid, 'enterprise': 'e', 'category': cat, 'vetoes': vet})
        base = R.random()
        scores[bid] = {}
        for e in evs:
            if R.random() < 0.1: continue
            sh = {}
            for dd, iid, mx, c, st in items:
                if c and c != cat: continue
                if R.random() < 0.05: continue
                stp = float(st)
                v = min(mx, max(0, round((base * mx + R.choice([0, 0, 0, -1, 1])) / stp) * stp))
                sh[iid] = v if v != int(v) else int(v)
            for iid, mx in (('B1', 2), ('B2', 2), ('P1', 3)):
                if R.random() < 0.3: sh[iid] = R.choice([0, 0.5, 1, 1.5, 2])
            scores[bid][e['id']] = sh
    return {'format': 'xingping-project', 'version': 1, 'title': 'r',
            'criteria': {'sha256': hashlib.sha256(xml.encode()).hexdigest(), 'xml': xml},
            'evaluators': evs, 'branches': branches, 'scores': scores, 'notes': {}}


def reference(proj, leave_out=None):
    """Rules 1–10 on a loaded project: {branch id: result}, order, quotas.
    With leave_out, that group evaluator's sheets are dropped from every
    combination where another complete group sheet remains; completeness
    is still decided with them counted (the consistency check's rule)."""
    root = ET.fromstring(proj['criteria']['xml'].encode())
    scale = F(root.get('scale', '100')); prec = int(root.get('precision', '2'))
    items = {}  # id -> (kind, max, cats, dim)
    dims = []
    for d in root.findall(NS + 'dimension'):
        dims.append(d.get('id'))
        for it in d.findall(NS + 'item'):
            cats = it.get('categories')
            items[it.get('id')] = ('dim', F(it.get('max')), cats.split() if cats else None, d.get('id'))
    bcap = pcap = F(0)
    b = root.find(NS + 'bonus')
    if b is not None:
        bcap = F(b.get('cap'))
        for it in b.findall(NS + 'item'): items[it.get('id')] = ('bonus', F(it.get('max')), None, None)
    p = root.find(NS + 'penalty')
    if p is not None:
        pcap = F(p.get('cap'))
        for it in p.findall(NS + 'item'): items[it.get('id')] = ('penalty', F(it.get('max')), None, None)
    vetoes = {}
    for v in root.iter(NS + 'veto'):
        vetoes[v.get('id')] = (int(v.get('stars-max')) if v.get('stars-max') else None, v.get('grade'))
    stars = sorted([(int(s.get('level')), F(s.get('min'))) for s in root.find(NS + 'stars')], reverse=True)
    grades = [(g.get('id'), int(g.get('min-stars'))) for g in root.find(NS + 'grades')]
    gindex = {g: i for i, (g, _) in enumerate(grades)}
    ag = root.find(NS + 'aggregation')
    ag = ag.attrib if ag is not None else {}
    method = ag.get('method', 'mean'); trim = int(ag.get('trim', '1'))
    mine = int(ag.get('min-evaluators', '1')); w = F(ag.get('self-weight', '0'))
    tb = ag.get('tie-break', '').split()
    quotas = sorted([(int(q.get('level')), F(q.get('max-percent')), q.get('mode', 'enforce')) for q in root.findall(NS + 'quota')], reverse=True)

    def rnd(x):
        m = F(10) ** prec
        n = abs(x) * m
        q = n.numerator // n.denominator
        r = n - q
        if r >= F(1, 2): q += 1
        return F(-q if x < 0 else q) / m

    def combine(vals):
        vals = sorted(vals); n = len(vals)
        if method == 'median':
            return vals[n // 2] if n % 2 else (vals[n // 2 - 1] + vals[n // 2]) / 2
        if method == 'trimmed-mean' and n > 2 * trim:
            vals = vals[trim:n - trim]
        return sum(vals, F(0)) / len(vals)

    roles = {e['id']: e['role'] for e in proj['evaluators']}
    res = {}
    for br in proj['branches']:
        cat = br['category']; bid = br['id']
        app = [i for i, (k, m, c, d) in items.items() if k == 'dim' and (c is None or cat in c)]
        cmax = sum(items[i][1] for i in app)
        G = []; selfv = None
        for eid, role in roles.items():
            sh = proj.get('scores', {}).get(bid, {}).get(eid)
            if sh is None: continue
            sh = {k: F(str(v)) for k, v in sh.items() if v is not None}
            if not all(i in sh for i in app): continue
            s = sum(sh[i] for i in app)
            bo = min(bcap, sum((v for k, v in sh.items() if items[k][0] == "bonus"), F(0)))
            pe = min(pcap, sum((v for k, v in sh.items() if items[k][0] == "penalty"), F(0)))
            t = min(max(scale * s / cmax + bo - pe, F(0)), scale + bcap)
            ds = {d: sum(sh[i] for i in app if items[i][3] == d) for d in dims}
            rec = (t, bo, pe, ds)
            if role == 'self': selfv = rec
            else: G.append((eid, rec))
        n_full = len(G)
        if leave_out is not None and n_full > 1:
            G = [g for g in G if g[0] != leave_out]
        totals = {eid: rec[0] for eid, rec in G}
        G = [rec for eid, rec in G]
        complete = n_full >= mine and (w == 0 or selfv is not None)
        r = {'complete': complete, 'evaluators': len(G), 'vetoes': br.get('vetoes', []), 'cat': cat,
             'totals': totals, 'self_total': selfv[0] if selfv else None}
        if complete:
            def cr(idx, key=None):
                vals = [g[idx] if key is None else g[idx][key] for g in G]
                v = combine(vals)
                if w > 0:
                    sv = selfv[idx] if key is None else selfv[idx][key]
                    v = w * sv + (1 - w) * v
                return rnd(v)
            r['score'] = cr(0); r['bonus'] = cr(1); r['penalty'] = cr(2)
            r['dims'] = {d: cr(3, d) for d in dims}
            st = 0
            for lvl, mn in stars:
                if mn <= r['score']: st = lvl; break
            for v in r['vetoes']:
                if vetoes[v][0] is not None: st = min(st, vetoes[v][0])
            r['stars'] = st
        res[bid] = r

    comp = [b for b in res if res[b]['complete']]
    key = lambda b: tuple([-res[b]['score']] + [-res[b]['dims'][d] for d in tb])
    comp.sort(key=lambda b: (key(b), b.encode()))
    order = comp + sorted([b for b in res if not res[b]['complete']], key=lambda b: b.encode())
    seen = {}
    for i, b in enumerate(comp):
        res[b]['rank'] = res[comp[i - 1]]['rank'] if i and key(comp[i - 1]) == key(b) else i + 1
        c = res[b]['cat']; prev = seen.get(c)
        res[b]['crank'] = res[prev[0]]['crank'] if prev and key(prev[0]) == key(b) else (prev[1] + 1 if prev else 1)
        seen[c] = (b, (prev[1] + 1) if prev else 1)
    N = len(comp); qres = []
    for b in comp: res[b]['adj'] = False
    for lvl, pct, mode in quotas:
        allowed = int(N * pct / 100)
        at = [b for b in comp if res[b]['stars'] == lvl]
        qres.append({'level': lvl, 'allowed': allowed, 'count': len(at), 'exceeded': len(at) > allowed})
        if mode == 'enforce' and len(at) > allowed:
            keep = allowed
            if keep > 0 and res[at[keep - 1]]['rank'] == res[at[keep]]['rank']:
                rk = res[at[keep - 1]]['rank']
                while keep > 0 and res[at[keep - 1]]['rank'] == rk: keep -= 1
            for b in at[keep:]:
                res[b]['stars'] = lvl - 1; res[b]['adj'] = True
    for b in comp:
        g = next(gid for gid, ms in grades if ms <= res[b]['stars'])
        for v in res[b]['vetoes']:
            vg = vetoes[v][1]
            if vg and gindex[vg] > gindex[g]: g = vg
        res[b]['grade'] = g

    return res, order, qres


def mid_ranks(vals):
    """Mid-ranks (1 = lowest) of exact values, and the tie sum Σ(t³ − t)."""
    idx = sorted(range(len(vals)), key=lambda i: vals[i])
    r = [None] * len(vals); ties = 0; a = 0
    while a < len(idx):
        b = a
        while b + 1 < len(idx) and vals[idx[b + 1]] == vals[idx[a]]: b += 1
        for c in range(a, b + 1): r[idx[c]] = F(a + b, 2) + 1
        t = b - a + 1; ties += t ** 3 - t; a = b + 1
    return r, ties


def icc_2k(X):
    """Shrout & Fleiss (1979) ICC(2,k), exact; (None, reason) if undefined."""
    n = len(X); k = len(X[0]) if X else 0
    if k < 2: return None, 'too-few-evaluators'
    if n < 2: return None, 'too-few-branches'
    g = sum(sum(r) for r in X) / (n * k)
    ssr = k * sum((sum(r) / k - g) ** 2 for r in X)
    ssc = n * sum((sum(X[i][j] for i in range(n)) / n - g) ** 2 for j in range(k))
    sst = sum((x - g) ** 2 for r in X for x in r)
    if sst == 0: return None, 'zero-variance'
    msr = ssr / (n - 1); msc = ssc / (k - 1); mse = (sst - ssr - ssc) / ((n - 1) * (k - 1))
    den = msr + (msc - mse) / n
    if den <= 0 or msr + (k - 1) * mse + k * (msc - mse) / n <= 0: return None, 'zero-variance'
    return (msr - mse) / den, None


def kendall_w(X):
    n = len(X); m = len(X[0]) if X else 0
    if m < 2: return None, 'too-few-evaluators'
    if n < 2: return None, 'too-few-branches'
    R = [F(0)] * n; T = 0
    for j in range(m):
        r, t = mid_ranks([X[i][j] for i in range(n)])
        T += t
        for i in range(n): R[i] += r[i]
    mean = F(m * (n + 1), 2)
    S = sum((x - mean) ** 2 for x in R)
    den = m * m * (n ** 3 - n) - m * T
    if den <= 0: return None, 'zero-variance'
    return 12 * S / den, None


def consistency(proj, res, order):
    """The consistency object, from the project and rules 1–10 alone."""
    root = ET.fromstring(proj['criteria']['xml'].encode())
    scale = F(root.get('scale', '100')); prec = int(root.get('precision', '2'))
    group = [e['id'] for e in proj['evaluators'] if e['role'] == 'group']
    selfe = [e['id'] for e in proj['evaluators'] if e['role'] == 'self']
    offsets = {e: [] for e in group + selfe}
    sheets = {e: 0 for e in group + selfe}
    dev = scale / 10
    flags = []
    for b in order:
        tot = res[b]['totals']
        for e in tot: sheets[e] += 1
        if selfe and res[b]['self_total'] is not None: sheets[selfe[0]] += 1
        if len(tot) >= 2:
            for e, t in tot.items():
                others = [v for x, v in tot.items() if x != e]
                offsets[e].append(t - sum(others) / len(others))
            vs = sorted(tot.values()); n = len(vs)
            med = vs[n // 2] if n % 2 else (vs[n // 2 - 1] + vs[n // 2]) / 2
            for e in group:
                if e in tot and abs(tot[e] - med) > dev:
                    flags.append(('deviation', b, e))
        if selfe and res[b]['self_total'] is not None and tot:
            offsets[selfe[0]].append(res[b]['self_total'] - sum(tot.values()) / len(tot))
    # Items: spread of the group's scores over more than half the max.
    maxes = {}; cats = {}
    for it in root.iter(NS + 'item'):
        maxes[it.get('id')] = F(it.get('max')); cats[it.get('id')] = it.get('categories')
    item_order = [it.get('id') for d in root.findall(NS + 'dimension') for it in d.findall(NS + 'item')]
    for blk in ('bonus', 'penalty'):
        x = root.find(NS + blk)
        if x is not None: item_order += [it.get('id') for it in x.findall(NS + 'item')]
    dim_items = {it.get('id') for d in root.findall(NS + 'dimension') for it in d.findall(NS + 'item')}
    cat_of = {br['id']: br['category'] for br in proj['branches']}
    for b in order:
        for iid in item_order:
            if iid in dim_items and cats[iid] and cat_of[b] not in cats[iid].split(): continue
            vals = [F(str(proj['scores'].get(b, {}).get(e, {})[iid])) for e in group
                    if proj['scores'].get(b, {}).get(e, {}).get(iid) is not None]
            if len(vals) >= 2 and 2 * (max(vals) - min(vals)) > maxes[iid]:
                flags.append(('item', b, iid))
    # ICC and W on the branches every taking-part evaluator scored.
    part = [e for e in group if sheets[e] > 0]
    rows = [[res[b]['totals'][e] for e in part] for b in order if part and all(e in res[b]['totals'] for e in part)]
    icc = icc_2k(rows) + (len(rows), len(part))
    w = kendall_w(rows) + (len(rows), len(part))
    # Leave-one-out with the same rules.
    flips = {}
    for e in part:
        r2, _, _ = reference(proj, leave_out=e)
        for b in order:
            if res[b]['complete'] and (r2[b]['stars'] != res[b]['stars'] or r2[b]['rank'] != res[b]['rank']):
                flips.setdefault(b, []).append((e, r2[b]['stars'], r2[b]['rank']))
    return {'offsets': offsets, 'sheets': sheets, 'flags': flags, 'icc': icc, 'w': w, 'flips': flips,
            'deviation': dev}


def compare(proj, ranked):
    res, order, qres = reference(proj)
    errs = []

    def chk(what, a, b):
        if a != b:
            errs.append(f'{what}: cli {a}, reference {b}')

    def near(what, a, b):
        """a: the CLI's value written to 3 decimals; b: exact or None."""
        if b is None or a is None:
            chk(what, a, b)
        elif abs(F(str(a)) - F(b)) > F(1, 2000):
            errs.append(f'{what}: cli {a}, reference {float(b):.6f}')

    chk('order', [x['id'] for x in ranked['branches']], order)
    for x in ranked['branches']:
        r = res[x['id']]
        chk(x['id'] + ' complete', x['complete'], r['complete'])
        chk(x['id'] + ' evaluators', x['evaluators'], r['evaluators'])
        if r['complete']:
            for k, rk in (('score', 'score'), ('bonus', 'bonus'), ('penalty', 'penalty')):
                chk(x['id'] + ' ' + k, F(str(x[k])), r[rk])
            for k, rk in (('stars', 'stars'), ('grade', 'grade'), ('rank', 'rank'),
                          ('category_rank', 'crank'), ('quota_adjusted', 'adj')):
                chk(x['id'] + ' ' + k, x[k], r[rk])
            for d in x['dimensions']:
                chk(x['id'] + ' dimension ' + d['id'], F(str(d['score'])), r['dims'][d['id']])
        else:
            chk(x['id'] + ' rank', x['rank'], None)
            chk(x['id'] + ' score', x['score'], None)
    chk('number of quotas', len(ranked['summary']['quotas']), len(qres))
    for q, rq in zip(ranked['summary']['quotas'], qres):
        for k in ('level', 'allowed', 'count', 'exceeded'):
            chk(f'quota {q["level"]} {k}', q[k], rq[k])

    # The consistency object: right after "summary", sane types, and the
    # same statistics as computed here.
    keys = list(ranked.keys())
    chk('consistency after summary', keys[keys.index('summary') + 1] if 'summary' in keys else None, 'consistency')
    c = ranked.get('consistency')
    if not isinstance(c, dict):
        errs.append('no consistency object')
        return errs
    ref = consistency(proj, res, order)
    chk('deviation', F(str(c['deviation'])), ref['deviation'])
    chk('consistency evaluators', [e['id'] for e in c['evaluators']], list(ref['offsets']))
    for e in c['evaluators']:
        for k, t in (('sheets', int), ('compared', int), ('flags', int)):
            if type(e[k]) is not t: errs.append(f'{e["id"]} {k} is {type(e[k]).__name__}')
        offs = ref['offsets'][e['id']]
        chk(e['id'] + ' sheets', e['sheets'], ref['sheets'][e['id']])
        chk(e['id'] + ' compared', e['compared'], len(offs))
        mean = sum(offs, F(0)) / len(offs) if offs else None
        near(e['id'] + ' mean_offset', e['mean_offset'], mean)
        if len(offs) > 1:
            var = sum((float(o - mean)) ** 2 for o in offs) / (len(offs) - 1)
            near(e['id'] + ' sd_offset', e['sd_offset'], F(var ** 0.5))
        else:
            chk(e['id'] + ' sd_offset', e['sd_offset'], None)
        chk(e['id'] + ' flags', e['flags'], sum(1 for f in ref['flags'] if f[0] == 'deviation' and f[2] == e['id']))
    for key, (val, reason, nb, ne) in (('icc', ref['icc']), ('kendall_w', ref['w'])):
        a = c[key]
        if not isinstance(a, dict) or set(a) != {'value', 'n_branches', 'n_evaluators', 'reason'}:
            errs.append(f'{key}: bad object {a}')
            continue
        if a['value'] is not None and not isinstance(a['value'], (int, Decimal)):
            errs.append(f'{key} value is {type(a["value"]).__name__}')
        near(key, a['value'], val)
        chk(key + ' reason', a['reason'], reason)
        chk(key + ' n_branches', a['n_branches'], nb)
        chk(key + ' n_evaluators', a['n_evaluators'], ne)
    got_flags = [(f['kind'], f['branch'], f.get('evaluator', f.get('item'))) for f in c['flags']]
    want_flags = [f for f in ref['flags'] if f[0] == 'deviation'] + [f for f in ref['flags'] if f[0] == 'item']
    chk('flags', got_flags, want_flags)
    got_flips = {s_['branch']: [(w_['evaluator'], w_['stars'], w_['rank']) for w_ in s_['without']] for s_ in c['sensitive']}
    chk('sensitive branches', got_flips, ref['flips'])
    for x in ranked['branches']:
        if type(x.get('sensitive')) is not bool:
            errs.append(f'{x["id"]} sensitive is not a boolean')
        chk(x['id'] + ' sensitive', x.get('sensitive'), x['id'] in ref['flips'])
        chk(x['id'] + ' last field', list(x)[-1], 'sensitive')
    return errs


def main():
    cli, sample = sys.argv[1], sys.argv[2]
    n_seeds = int(sys.argv[3]) if len(sys.argv) > 3 else 60
    failed = 0
    n = 0
    with tempfile.TemporaryDirectory() as tmp:
        cases = [('sample', sample)]
        for seed in range(1, n_seeds + 1):
            path = os.path.join(tmp, f'p{seed}.xingping')
            with open(path, 'w', encoding='utf-8') as f:
                json.dump(make(seed), f, ensure_ascii=False)
            cases.append((f'seed {seed}', path))
        for name, path in cases:
            n += 1
            out = os.path.join(tmp, 'ranked.json')
            run = subprocess.run([cli, 'rank', path, '--json', out], capture_output=True, text=True)
            if run.returncode != 0:
                failed += 1
                print(f'not ok {n} - {name}: xingping-cli exited {run.returncode}: {run.stderr.strip()}')
                continue
            with open(path, encoding='utf-8') as f:
                proj = json.load(f, parse_float=Decimal)
            with open(out, encoding='utf-8') as f:
                ranked = json.load(f, parse_float=Decimal)
            errs = compare(proj, ranked)
            if errs:
                failed += 1
                print(f'not ok {n} - {name}: {len(errs)} differences')
                for e in errs[:10]:
                    print('# ' + e)
            else:
                print(f'ok {n} - {name}: {len(ranked["branches"])} branches agree')
    print(f'1..{n}')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
