#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Seeds for fuzz-audiosocket from capture 25: the frames shown in full (hdr=... payload=...).

Usage: audiosocket-seeds.py CAPTURE_DIR OUTPUT_DIR

Each direction of each capture file becomes one seed (its frames one after another), and every
distinct frame a seed of its own.
"""
import os
import re
import sys

FRAME = re.compile(r'(A>D|D>A) \| kind=0x[0-9a-f]+ len=\d+ hdr=([0-9a-f]{6}) payload=([0-9a-f]*)')


def main():
    captures, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    seeds = set()
    for name in sorted(os.listdir(captures)):
        if not (name.startswith('25-audiosocket-stream') and name.endswith('.txt')):
            continue
        streams = {'A>D': bytearray(), 'D>A': bytearray()}
        with open(os.path.join(captures, name), encoding='latin-1') as f:
            for line in f:
                m = FRAME.search(line)
                if not m:
                    continue
                frame = bytes.fromhex(m.group(2) + m.group(3))
                streams[m.group(1)] += frame
                seeds.add(frame)
        for direction, data in streams.items():
            if data:
                seeds.add(bytes(data))
    for i, seed in enumerate(sorted(seeds)):
        with open(os.path.join(out, f'seed-{i:03d}.bin'), 'wb') as f:
            f.write(seed)
    print(f'seeds: {len(seeds)} files in {out}')


if __name__ == '__main__':
    main()
