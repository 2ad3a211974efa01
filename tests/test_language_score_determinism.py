"""The closed form's scores have the same bits whatever kernels the CPU gets.

The language_score column used to depend on the machine: numpy's matrix products go through
OpenBLAS, whose summation order depends on the kernel it picks for the CPU at run time
(OPENBLAS_CORETYPE=Haswell changed ~39% of the scores' last bits), and einsum and exp on
numpy's CPU dispatch. `language_id.column_sums` adds in an order fixed by our code and the
exponentials come from Python's math, so the same text gets the same score everywhere.
"""

from __future__ import annotations

import functools
import json
import os
import platform
import subprocess
import sys

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from test_stage_language import multilingual_texts

from conftest import PROJECT_ROOT, SEEDS
from pipeline.cleaning import language_id

# Kernels OpenBLAS can be told to use instead of the one it picks for this CPU.
CORETYPES = {"x86_64": ("Haswell", "SandyBridge", "Nehalem", "Prescott"),
             "aarch64": ("ARMV8", "CORTEXA57", "NEOVERSEN1")}
SCORES = """
import json, sys
from pipeline.cleaning.language_id import closed_form_language
from pipeline.stages.language import language_profiles
profiles = language_profiles(0)
verdicts = [closed_form_language(profiles, text, 0.7) for text in json.load(sys.stdin)]
print(json.dumps([None if v is None else [v.language, v.score.hex()] for v in verdicts]))
"""


def fold_in_blocks(matrix: np.ndarray) -> np.ndarray:
    """The reference for column_sums: its order of adds, one row at a time in Python."""
    rows, block = len(matrix), language_id.SUM_BLOCK
    whole = rows - rows % block
    partial = [functools.reduce(np.add, matrix[offset:whole:block])
               if whole else np.zeros(matrix.shape[1], matrix.dtype) for offset in range(block)]
    sums = functools.reduce(np.add, partial)
    if whole < rows:   # the rows left over are added up, then to the sums
        sums = sums + functools.reduce(np.add, matrix[whole:])
    return sums


@given(st.sampled_from([np.float32, np.float64]).flatmap(
    lambda dtype: arrays(dtype, st.tuples(st.integers(0, 200), st.integers(1, 60)),
                         elements=st.floats(-12, 0, width=np.dtype(dtype).itemsize * 8))))
def test_column_sums_add_in_the_documented_order(matrix):
    assert np.array_equal(language_id.column_sums(matrix), fold_in_blocks(matrix))


def scores_with(texts: list[str], **environment: str) -> list:
    """The closed form's (language, score bits) of `texts`, in a process with `environment`."""
    env = {**os.environ, **environment, "SYNDICATED_INGEST_CACHE": "off"}   # tables built there
    result = subprocess.run([sys.executable, "-c", SCORES], input=json.dumps(texts), env=env,
                            capture_output=True, text=True, check=True, cwd=PROJECT_ROOT)
    return json.loads(result.stdout)


def dispatched_features() -> list[str]:
    """The CPU features numpy dispatches to on this machine (beyond its baseline)."""
    core = np._core._multiarray_umath
    return [name for name in core.__cpu_dispatch__ if core.__cpu_features__.get(name)]


def test_scores_are_the_same_with_any_blas_kernel_or_numpy_dispatch():
    texts = multilingual_texts() + [path.read_text() for path in sorted(SEEDS.glob("*.txt"))]
    expected = scores_with(texts)
    assert sum(verdict is not None for verdict in expected) >= 100
    variants = [{"OPENBLAS_CORETYPE": name}
                for name in CORETYPES.get(platform.machine(), ())]
    if dispatched_features():
        variants.append({"NPY_DISABLE_CPU_FEATURES": ",".join(dispatched_features())})
    for variant in variants:
        assert scores_with(texts, **variant) == expected, variant
