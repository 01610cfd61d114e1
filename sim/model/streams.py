"""The model's yearly random streams, seeded in bulk.

Each stream is ``np.random.default_rng([key, year, mechanism])``: a PCG64 seeded through numpy's
``SeedSequence``. Building one that way costs about 17 us (most of it the SeedSequence's hashing in
Python-level Cython), and a run builds some 200. ``seed_states`` computes the same SeedSequence states for
every year and mechanism of a run at once, vectorised over numpy ``uint32`` arrays, and ``StreamSeed``
hands one of them to ``PCG64`` (about 1 us), so each stream draws exactly the numbers it drew before.
"""

from __future__ import annotations

import numpy as np
from numpy.random.bit_generator import ISeedSequence

# numpy's SeedSequence constants (numpy/random/bit_generator.pyx)
POOL_SIZE = 4
INIT_A = 0x43B0D7E5
MULT_A = 0x931E8875
INIT_B = 0x8B51F9DD
MULT_B = 0x58F38DED
MIX_MULT_L = 0xCA01F9DD
MIX_MULT_R = 0x4973F715
XSHIFT = 16
MASK32 = 0xFFFFFFFF
STATE_WORDS = 4  # PCG64 asks for 4 uint64 words (128-bit state and increment)


def int_words(n: int) -> list[int]:
    """``n`` (>= 0) as little-endian 32-bit words, as SeedSequence splits an entropy integer (0 is one word)."""
    if n < 0:
        raise ValueError("entropy must be non-negative")
    words = [n & MASK32] if n == 0 else []
    while n > 0:
        words.append(n & MASK32)
        n >>= 32
    return words


def _hash_constants(first: int, mult: int, count: int) -> list[int]:
    """The running hash constant of SeedSequence: ``first``, then each times ``mult`` modulo 2**32."""
    out = [first]
    for _ in range(count):
        out.append(out[-1] * mult & MASK32)
    return out


def seed_states(entropy: np.ndarray) -> np.ndarray:
    """``SeedSequence(row).generate_state(4, np.uint64)`` for each row of ``entropy`` (shape (m, w), uint32
    words, w <= 4: each row the concatenated words of one entropy list, as ``int_words`` gives them); shape
    (m, 4), uint64. Equal bit for bit to numpy's (the hash is the same uint32 arithmetic, on columns)."""
    m, width = entropy.shape
    if width > POOL_SIZE:
        raise ValueError("seed_states takes at most 4 entropy words")
    u32 = np.uint32
    consts = [u32(c) for c in _hash_constants(INIT_A, MULT_A, POOL_SIZE + POOL_SIZE * (POOL_SIZE - 1))]
    k = 0

    def hashmix(value: np.ndarray) -> np.ndarray:
        nonlocal k
        value = (value ^ consts[k]) * consts[k + 1]
        k += 1
        return value ^ (value >> u32(XSHIFT))

    def mix(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        result = u32(MIX_MULT_L) * x - u32(MIX_MULT_R) * y
        return result ^ (result >> u32(XSHIFT))

    words = np.zeros((m, POOL_SIZE), u32)  # a pool larger than the entropy hashes zeros, as numpy does
    words[:, :width] = entropy
    pool = [hashmix(words[:, i].copy()) for i in range(POOL_SIZE)]
    for src in range(POOL_SIZE):
        for dst in range(POOL_SIZE):
            if src != dst:
                pool[dst] = mix(pool[dst], hashmix(pool[src]))
    out = np.empty((m, 2 * STATE_WORDS), u32)
    consts_b = _hash_constants(INIT_B, MULT_B, 2 * STATE_WORDS)
    for i in range(2 * STATE_WORDS):
        value = (pool[i % POOL_SIZE] ^ u32(consts_b[i])) * u32(consts_b[i + 1])
        out[:, i] = value ^ (value >> u32(XSHIFT))
    return out.astype("<u4").view("<u8").astype(np.uint64)  # pairs of words, little-endian, as numpy does


class StreamSeed(ISeedSequence):
    """A seed sequence whose PCG64 state is already known: ``SeedSequence(entropy)``'s, from ``seed_states``.

    ``np.random.PCG64(StreamSeed(entropy, state))`` is the generator ``np.random.default_rng(entropy)`` gives.
    Other requests than PCG64's (4 uint64 words) are answered by numpy's own SeedSequence."""

    __slots__ = ("entropy", "state")

    def __init__(self, entropy: list[int], state: np.ndarray) -> None:
        self.entropy = entropy
        self.state = state

    def generate_state(self, n_words: int, dtype: type = np.uint32) -> np.ndarray:
        if n_words == STATE_WORDS and np.dtype(dtype) == np.dtype(np.uint64):
            return self.state.copy()
        return np.random.SeedSequence(self.entropy).generate_state(n_words, dtype)

    def __repr__(self) -> str:
        return f"StreamSeed(entropy={self.entropy})"


class Streams:
    """The random streams of one run: ``get(year, mechanism)`` is ``np.random.default_rng([key, year, mechanism])``
    (``mechanism`` an index), with the seeds of the years ``first``..``last`` computed at once."""

    def __init__(self, key: int, n_mechanisms: int, first: int, last: int) -> None:
        self.key = key
        self.n_mechanisms = n_mechanisms
        self.first = first
        years = range(first, last + 1)
        self._states = self._compute(years)

    def _compute(self, years: range) -> np.ndarray:
        """The states of every mechanism in ``years``, row ``(year - first) * n_mechanisms + mechanism``."""
        key_words = int_words(self.key)
        if len(key_words) > POOL_SIZE - 2 or not 0 <= years.start <= years.stop <= MASK32:
            return np.empty((0, STATE_WORDS), np.uint64)  # never with a 63-bit key and calendar years
        n = self.n_mechanisms
        entropy = np.empty((len(years) * n, len(key_words) + 2), np.uint32)  # key words, year, mechanism
        entropy[:, :-2] = key_words
        entropy[:, -2] = np.repeat(np.arange(years.start, years.stop, dtype=np.uint32), n)
        entropy[:, -1] = np.tile(np.arange(n, dtype=np.uint32), len(years))
        return seed_states(entropy)

    def get(self, year: int, mechanism: int) -> np.random.Generator:
        """The generator of ``mechanism`` (an index) in ``year``; a fresh one on each call."""
        entropy = [self.key, year, mechanism]
        row = (year - self.first) * self.n_mechanisms + mechanism
        if 0 <= mechanism < self.n_mechanisms and 0 <= row < len(self._states):
            return np.random.Generator(np.random.PCG64(StreamSeed(entropy, self._states[row])))
        return np.random.default_rng(entropy)
