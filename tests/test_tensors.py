"""Tests of helpers.tensors (chapter 1): shapes, broadcasting and batches."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from helpers import tensors as tn

SETTINGS = settings(max_examples=150, deadline=None)

shape = st.lists(st.integers(0, 5), max_size=5).map(tuple)


def _numpy_shape(*shapes):
    """NumPy's answer: the broadcast shape, or None if NumPy refuses."""
    try:
        return np.broadcast_shapes(*shapes)
    except ValueError:
        return None


# -- broadcast_shape against NumPy ---------------------------------------------------------------

@SETTINGS
@given(hnp.mutually_broadcastable_shapes(num_shapes=3, min_side=0, max_side=5))
def test_broadcast_shape_agrees_with_numpy_on_compatible_shapes(shapes):
    assert tn.broadcast_shape(*shapes.input_shapes) == shapes.result_shape
    assert tn.broadcast_shape(*shapes.input_shapes) == np.broadcast_shapes(*shapes.input_shapes)
    assert tn.clashing_axes(*shapes.input_shapes) == ()


@SETTINGS
@given(st.lists(shape, min_size=1, max_size=4))
def test_broadcast_shape_agrees_with_numpy_on_any_shapes(shapes):
    expected = _numpy_shape(*shapes)
    if expected is None:
        with pytest.raises(ValueError, match="cannot broadcast: on axis -"):
            tn.broadcast_shape(*shapes)
        assert tn.clashing_axes(*shapes) != ()
    else:
        assert tn.broadcast_shape(*shapes) == expected
        assert tn.clashing_axes(*shapes) == ()


@SETTINGS
@given(shape, shape)
def test_broadcast_shape_matches_the_shape_of_an_actual_sum(a, b):
    expected = _numpy_shape(a, b)
    if expected is not None:
        assert (np.zeros(a) + np.zeros(b)).shape == tn.broadcast_shape(a, b)


def test_broadcast_shape_examples_of_chapter_1():
    assert tn.broadcast_shape((100, 512), (512,)) == (100, 512)
    assert tn.broadcast_shape((8, 1, 6, 1), (7, 1, 5)) == (8, 7, 6, 5)
    assert tn.broadcast_shape((0,), (1,)) == (0,)
    assert tn.broadcast_shape() == ()
    assert tn.broadcast_shape(3, (2, 1)) == (2, 3)
    assert tn.broadcast_shape(np.int64(4), (np.int32(3), 1)) == (3, 4)


def test_broadcast_error_names_the_axis_and_the_sizes():
    with pytest.raises(ValueError, match=r"\(3, 4\) and \(3,\).*axis -1.*sizes are 4 and 3"):
        tn.broadcast_shape((3, 4), (3,))
    with pytest.raises(ValueError, match=r"\(2, 1\) and \(8, 4, 3\).*axis -2.*sizes are 2 and 4"):
        tn.broadcast_shape((2, 1), (8, 4, 3))
    with pytest.raises(ValueError, match=r"\(5,\) and \(6,\).*sizes are 5 and 6"):
        tn.broadcast_shape((1,), (5,), (1,), (6,))
    with pytest.raises(ValueError, match="sizes are 0 and 3"):
        tn.broadcast_shape((0,), (3,))


@pytest.mark.parametrize("bad", [(3, -1), (3.0,), (True, 2), "ab", None, ((2,),), 2.5])
def test_bad_shapes_are_rejected(bad):
    with pytest.raises(ValueError, match="must be a tuple of non-negative integers"):
        tn.broadcast_shape((3,), bad)
    with pytest.raises(ValueError, match="must be a tuple of non-negative integers"):
        tn.align_shapes(bad)


# -- align_shapes ---------------------------------------------------------------------------------

@SETTINGS
@given(st.lists(shape, min_size=1, max_size=4))
def test_align_shapes_pads_on_the_left_with_ones(shapes):
    aligned = tn.align_shapes(*shapes)
    ndim = max(len(s) for s in shapes)
    for original, padded in zip(shapes, aligned):
        assert len(padded) == ndim
        assert padded[ndim - len(original):] == original
        assert set(padded[: ndim - len(original)]) <= {1}
        # Reshaping to the padded shape changes nothing in NumPy's eyes.
        assert np.zeros(original).reshape(padded).shape == padded


def test_align_shapes_examples():
    assert tn.align_shapes((2, 3, 4), (4,), ()) == ((2, 3, 4), (1, 1, 4), (1, 1, 1))
    assert tn.align_shapes() == ()


# -- clashing_axes and stretched_axes -----------------------------------------------------------

def test_clashing_axes_examples():
    assert tn.clashing_axes((2, 3, 4), (3,)) == (-1,)
    assert tn.clashing_axes((4, 3), (3, 4)) == (-2, -1)
    assert tn.clashing_axes((2, 1, 4), (3, 1)) == ()


@SETTINGS
@given(hnp.mutually_broadcastable_shapes(num_shapes=2, min_side=0, max_side=5))
def test_stretched_axes_are_where_numpy_uses_stride_zero(shapes):
    target = shapes.result_shape
    for s in shapes.input_shapes:
        stretched = tn.stretched_axes(s, target)
        arr = np.ones(s)
        view = np.broadcast_to(arr, target)
        n = len(target)
        # A stretched axis is one where NumPy's view does not move in memory (stride 0) although
        # the axis does not have size 1 (it is 0 or longer than 1).
        zero = tuple(k - n for k in range(n) if view.strides[k] == 0 and target[k] != 1
                     and (k - n < -len(s) or s[k - n + len(s)] == 1))
        assert stretched == zero
        # Repeating the array along the stretched axes reproduces the broadcast array.
        padded = arr.reshape(tn.align_shapes(s, target)[0])
        reps = [target[k + n] if k in stretched else 1 for k in range(-n, 0)]
        np.testing.assert_array_equal(np.tile(padded, reps), view)


def test_stretched_axes_examples_and_errors():
    assert tn.stretched_axes((3, 1), (2, 3, 4)) == (-3, -1)
    assert tn.stretched_axes((2, 3, 4), (2, 3, 4)) == ()
    with pytest.raises(ValueError, match=r"does not broadcast to target \(3,\)"):
        tn.stretched_axes((3, 4), (3,))
    with pytest.raises(ValueError, match="does not broadcast to target"):
        tn.stretched_axes((3,), (4,))
    with pytest.raises(ValueError, match="does not broadcast to target"):
        tn.stretched_axes((3,), (1,))


# -- batch_sizes ----------------------------------------------------------------------------------

@SETTINGS
@given(st.integers(0, 10_000), st.integers(1, 600), st.booleans())
def test_batch_sizes_cover_the_data_once(n, b, drop_last):
    sizes = tn.batch_sizes(n, b, drop_last=drop_last)
    assert all(1 <= s <= b for s in sizes)
    assert sizes[:-1] == [b] * (len(sizes) - 1) if sizes else n < b or n == 0
    if drop_last:
        assert len(sizes) == n // b and sum(sizes) == b * (n // b)
    else:
        assert len(sizes) == math.ceil(n / b) and sum(sizes) == n
    # Independent reference: slicing a range into consecutive batches.
    chunks = [len(range(n)[i:i + b]) for i in range(0, n, b)]
    assert sizes == (chunks if not drop_last else [c for c in chunks if c == b])


def test_batch_sizes_example_and_errors():
    assert len(tn.batch_sizes(50_000, 64)) == 782
    assert tn.batch_sizes(50_000, 64)[-1] == 16
    assert len(tn.batch_sizes(50_000, 64, drop_last=True)) == 781
    with pytest.raises(ValueError, match="batch_size must be a whole number ≥ 1; got 0"):
        tn.batch_sizes(10, 0)
    with pytest.raises(ValueError, match="n_samples must be a whole number ≥ 0; got -1"):
        tn.batch_sizes(-1, 4)
    # A float count is refused even when whole (test_validation.py runs the other bad inputs).
    with pytest.raises(ValueError, match=r"n_samples must be .*got 10\.0 \(a float"):
        tn.batch_sizes(10.0, 4)


# -- c_strides ------------------------------------------------------------------------------------

@SETTINGS
@given(st.lists(st.integers(1, 6), max_size=5).map(tuple),
       st.sampled_from([np.int8, np.float16, np.float32, np.float64, np.complex128]))
def test_c_strides_agree_with_numpy(shape, dtype):
    arr = np.empty(shape, dtype=dtype)
    assert tn.c_strides(shape, arr.itemsize) == arr.strides
    # Independent reference: the byte offset of entry idx is the dot product with the strides.
    if arr.size:
        idx = tuple(n - 1 for n in shape)
        flat = np.ravel_multi_index(idx, shape) if shape else 0
        assert sum(i * s for i, s in zip(idx, tn.c_strides(shape, arr.itemsize))) == (
            flat * arr.itemsize)


def test_c_strides_of_a_transpose_are_permuted():
    x = np.zeros((2, 3, 4), dtype=np.float32)
    assert tn.c_strides(x.shape, 4) == (48, 16, 4)
    assert x.T.strides == tuple(reversed(tn.c_strides(x.shape, 4)))
    assert x.transpose(0, 2, 1).strides == (48, 4, 16)


@pytest.mark.parametrize("bad", [0, -4])
def test_c_strides_rejects_bad_itemsize(bad):
    with pytest.raises(ValueError, match="itemsize must be a whole number ≥ 1"):
        tn.c_strides((2, 3), bad)


def test_c_strides_rejects_bad_shape():
    with pytest.raises(ValueError, match="must be a tuple of non-negative integers"):
        tn.c_strides((2, -3), 8)


# -- matmul_shape against np.matmul ---------------------------------------------------------------

def _numpy_matmul_shape(a, b):
    try:
        return np.matmul(np.zeros(a), np.zeros(b)).shape
    except ValueError:
        return None


def _tn_matmul_shape(a, b):
    try:
        return tn.matmul_shape(a, b)
    except ValueError:
        return None


@SETTINGS
@given(hnp.mutually_broadcastable_shapes(signature="(m?,n),(n,p?)->(m?,p?)", min_side=0,
                                         max_side=4, max_dims=3))
def test_matmul_shape_agrees_with_numpy_on_valid_operands(shapes):
    a, b = shapes.input_shapes
    assert tn.matmul_shape(a, b) == shapes.result_shape == np.matmul(np.zeros(a),
                                                                     np.zeros(b)).shape


@SETTINGS
@given(st.lists(st.integers(0, 3), min_size=1, max_size=4).map(tuple),
       st.lists(st.integers(0, 3), min_size=1, max_size=4).map(tuple))
def test_matmul_shape_agrees_with_numpy_on_any_operands(a, b):
    assert _tn_matmul_shape(a, b) == _numpy_matmul_shape(a, b)


def test_matmul_shape_examples_and_errors():
    assert tn.matmul_shape((8, 4, 10, 16), (8, 4, 16, 10)) == (8, 4, 10, 10)
    assert tn.matmul_shape((5,), (5,)) == ()
    assert tn.matmul_shape((5,), (2, 5, 3)) == (2, 3)
    with pytest.raises(ValueError, match="second-to-last"):
        tn.matmul_shape((3, 4), (3, 4))
    with pytest.raises(ValueError, match="batch axes"):
        tn.matmul_shape((2, 3, 4), (5, 4, 6))
    with pytest.raises(ValueError, match="at least one axis"):
        tn.matmul_shape((), (3,))


# -- fit_overhead --------------------------------------------------------------------------------

@SETTINGS
@given(st.floats(1e-7, 1e-4), st.floats(1e-10, 1e-6),
       st.lists(st.integers(1, 100_000), min_size=2, max_size=12, unique=True))
def test_fit_overhead_recovers_an_exact_model(a, b, sizes):
    times = [a + b * n for n in sizes]
    fa, fb = tn.fit_overhead(sizes, times)
    assert fa == pytest.approx(a, rel=1e-6) and fb == pytest.approx(b, rel=1e-6)


def test_fit_overhead_agrees_with_scipy_least_squares():
    from scipy.optimize import least_squares

    rng = np.random.default_rng(0)
    sizes = np.array([1, 2, 4, 16, 64, 256, 1024, 4096])
    times = (2e-6 + 5e-8 * sizes) * np.exp(0.2 * rng.standard_normal(sizes.size))
    fa, fb = tn.fit_overhead(sizes, times)
    ref = least_squares(lambda p: (p[0] / sizes + p[1]) / (times / sizes) - 1,
                        x0=[1e-6, 1e-7], x_scale=[1e-6, 1e-8], xtol=1e-15, ftol=1e-15).x
    assert fa == pytest.approx(ref[0], rel=1e-5) and fb == pytest.approx(ref[1], rel=1e-5)


@pytest.mark.parametrize("sizes, times", [([1, 2], [1e-6]), ([3, 3], [1e-6, 2e-6]),
                                          ([0, 2], [1e-6, 2e-6]), ([1.5, 2], [1e-6, 2e-6]),
                                          ([1, 2], [1e-6, -1.0]), ([1, 2], [1e-6, np.nan])])
def test_fit_overhead_rejects_bad_input(sizes, times):
    with pytest.raises(ValueError):
        tn.fit_overhead(sizes, times)
