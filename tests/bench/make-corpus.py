#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Makes a corpus of raw AMI bytes, as Asterisk sends them, for bench-parser.

The server-to-client (S>C) bytes of every capture, per connection without its banner,
repeated until the corpus reaches the wanted size; one banner opens the corpus. Prints the
number of messages it holds and a digest of every key and raw value in order (FNV-1a 64 over
key NUL value NUL per field, and an 0x1e byte after each message), which bench-parser
--digest must reproduce: every repeated key, empty value, value with ':' and non-UTF-8 byte.

Usage: make-corpus.py [--digest] CAPTURE_DIR OUTPUT [SIZE_MB]
       make-corpus.py --seeds CAPTURE_DIR OUTPUT_DIR   (one file per connection, with banner)
"""
import os
import re
import sys

LINE = re.compile(r'^(?:\+\d+\.\d+| {11}) S>C \| (.*)$')
ESCAPE = re.compile(r'\\(x[0-9a-fA-F]{2}|r|n|t|\\)')
BANNER = b'Asterisk Call Manager/11.0.0\r\n'


def unescape(text):
    def one(m):
        e = m.group(1)
        return {'r': '\r', 'n': '\n', 't': '\t', '\\': '\\'}.get(e) or chr(int(e[1:], 16))
    return ESCAPE.sub(one, text).encode('latin-1')


def connections(path):
    """The S>C bytes of each connection of a capture, banners removed."""
    streams = []
    with open(path, encoding='latin-1') as f:
        for line in f:
            m = LINE.match(line.rstrip('\n'))
            if not m:
                continue
            data = unescape(m.group(1))
            if data.startswith(b'Asterisk Call Manager/'):
                streams.append(bytearray())
                continue
            if not streams:
                streams.append(bytearray())
            streams[-1] += data
    return [bytes(s) for s in streams if s]


FNV_OFFSET = 0xcbf29ce484222325
FNV_PRIME = 0x100000001b3
MASK = 0xffffffffffffffff


def fnv(h, data):
    for b in data:
        h = ((h ^ b) * FNV_PRIME) & MASK
    return h


def messages(stream):
    """Splits a banner-less stream at blank lines into lists of (key, value) byte pairs."""
    out = []
    fields = []
    for raw in stream.split(b'\n'):
        line = raw[:-1] if raw.endswith(b'\r') else raw
        if line == b'':
            if fields:
                out.append(fields)
                fields = []
            continue
        key, sep, value = line.partition(b':')
        if not sep:
            key, value = b'', line
        elif value.startswith(b' '):
            value = value[1:]
        fields.append((key, value))
    assert not fields, 'a capture stream ends inside a message'
    return out


def write_seeds(capture_dir, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    n = 0
    for name in sorted(os.listdir(capture_dir)):
        if name.endswith('.txt'):
            for i, stream in enumerate(connections(os.path.join(capture_dir, name))):
                with open(os.path.join(out_dir, f'{name[:-4]}-{i}.ami'), 'wb') as f:
                    f.write(BANNER + stream)
                n += 1
    print(f'seeds: {n} files in {out_dir}')


def main():
    args = sys.argv[1:]
    if args and args[0] == '--seeds':
        write_seeds(args[1], args[2])
        return
    want_digest = '--digest' in args
    args = [a for a in args if a != '--digest']
    capture_dir, output = args[0], args[1]
    size = int(float(args[2]) * 1000 * 1000) if len(args) > 2 else 50 * 1000 * 1000
    streams = []
    for name in sorted(os.listdir(capture_dir)):
        if name.endswith('.txt'):
            streams.extend(connections(os.path.join(capture_dir, name)))
    unit = b''.join(streams)
    unit_messages = [m for s in streams for m in messages(s)]

    # the digest of one repetition, then of the whole corpus
    repeats = max(1, -(-(size - len(BANNER)) // len(unit)))
    h = fnv(FNV_OFFSET, b'Banner\0Asterisk Call Manager/11.0.0\0\x1e')
    for _ in range(repeats if want_digest else 0):
        for fields in unit_messages:
            for key, value in fields:
                h = fnv(h, key + b'\0' + value + b'\0')
            h = fnv(h, b'\x1e')
    with open(output, 'wb') as f:
        f.write(BANNER)
        for _ in range(repeats):
            f.write(unit)
    count = 1 + repeats * len(unit_messages)
    line = f'corpus: {len(BANNER) + repeats * len(unit)} bytes, {count} messages'
    if want_digest:
        line += f', digest {h:016x}'
    print(line)


if __name__ == '__main__':
    main()
