"""Tensors and broadcasting: the pure math of chapter 1 (NumPy only).

Shapes are tuples of non-negative integers, as NumPy's ``ndarray.shape``. Axes are numbered from
the right (−1 is the last axis), because broadcasting aligns shapes at their trailing axes.

Examples
--------
>>> from helpers.tensors import align_shapes, broadcast_shape
>>> align_shapes((3, 4), (4,))
((3, 4), (1, 4))
>>> broadcast_shape((2, 1, 4), (3, 1))
(2, 3, 4)
"""

from __future__ import annotations

import operator
from typing import Sequence, Union

import numpy as np

from . import _validate as v

__all__ = [
    "align_shapes",
    "broadcast_shape",
    "clashing_axes",
    "stretched_axes",
    "batch_sizes",
    "c_strides",
    "matmul_shape",
    "fit_overhead",
]

#: What the functions accept as a shape: a sequence of sizes, or one size for a 1-D shape.
ShapeLike = Union[int, Sequence[int]]


def _as_size(n: object) -> int | None:
    """``n`` as a Python int if it is an integer (not a bool), else None: one size of a shape."""
    if isinstance(n, (bool, np.bool_)):
        return None
    try:
        return operator.index(n)  # accepts int and NumPy integers, rejects 3.0 and "3"
    except TypeError:
        return None


def _shape(shape: ShapeLike, name: str) -> tuple[int, ...]:
    """Validate one shape; return it as a tuple of ints."""
    single = _as_size(shape)
    items = (single,) if single is not None else shape
    if isinstance(items, (str, bytes)) or not isinstance(items, (Sequence, np.ndarray)):
        raise ValueError(
            f"{name} must be a tuple of non-negative integers such as (3, 4), or one integer "
            f"for a 1-D shape; got {shape!r}"
        )
    sizes = [_as_size(n) for n in items]
    if any(n is None or n < 0 for n in sizes):
        raise ValueError(
            f"{name} must be a tuple of non-negative integers such as (3, 4); got {tuple(items)!r}"
        )
    return tuple(int(n) for n in sizes)  # type: ignore[arg-type]


def _shapes(shapes: Sequence[ShapeLike]) -> list[tuple[int, ...]]:
    return [_shape(s, f"shape {k}") for k, s in enumerate(shapes)]


def align_shapes(*shapes: ShapeLike) -> tuple[tuple[int, ...], ...]:
    """Pad shapes on the left with 1s so they all have as many axes as the longest (chapter 1).

    This is the first step of NumPy's broadcasting rule: shapes are compared from their trailing
    axes, and a missing leading axis behaves like an axis of size 1.

    Examples
    --------
    >>> align_shapes((2, 3, 4), (4,), ())
    ((2, 3, 4), (1, 1, 4), (1, 1, 1))
    """
    checked = _shapes(shapes)
    ndim = max((len(s) for s in checked), default=0)
    return tuple((1,) * (ndim - len(s)) + s for s in checked)


def clashing_axes(*shapes: ShapeLike) -> tuple[int, ...]:
    """Axes, numbered from the right (−1 = last), on which the shapes cannot broadcast (chapter 1).

    An axis clashes when the shapes, aligned at their trailing axes, hold two different sizes
    there and neither of them is 1. The result is empty exactly when the shapes broadcast.

    Examples
    --------
    >>> clashing_axes((2, 3, 4), (3,))
    (-1,)
    >>> clashing_axes((3, 4), (4,))
    ()
    """
    aligned = align_shapes(*shapes)
    ndim = len(aligned[0]) if aligned else 0
    out = []
    for k in range(ndim):
        sizes = {s[k] for s in aligned} - {1}
        if len(sizes) > 1:
            out.append(k - ndim)
    return tuple(out)


def broadcast_shape(*shapes: ShapeLike) -> tuple[int, ...]:
    """The shape NumPy gives to an operation on arrays of these shapes (chapter 1).

    Align the shapes at their trailing axes (missing leading axes count as size 1); on each axis
    the sizes must be equal or 1, and the result takes the size that is not 1. It agrees with
    ``np.broadcast_shapes``, but its error names the axis and the sizes that clash.

    Raises
    ------
    ValueError
        If a shape is not a tuple of non-negative integers, or if the shapes cannot broadcast.

    Examples
    --------
    >>> broadcast_shape((100, 512), (512,))
    (100, 512)
    >>> broadcast_shape((3, 4), (3,))
    Traceback (most recent call last):
        ...
    ValueError: shapes (3, 4) and (3,) cannot broadcast: on axis -1 (counted from the right) the sizes are 4 and 3; aligned from the right, the sizes on each axis must be equal or 1
    """
    checked = _shapes(shapes)
    aligned = align_shapes(*checked)
    clash = clashing_axes(*checked)
    if clash:
        axis = clash[-1]  # the rightmost clash, the first one met when aligning from the right
        sizes = [s[axis] for s in aligned]
        culprits = [k for k, n in enumerate(sizes) if n != 1]
        # Name the first two shapes whose sizes differ on that axis.
        i = culprits[0]
        j = next(k for k in culprits if sizes[k] != sizes[i])
        raise ValueError(
            f"shapes {checked[i]} and {checked[j]} cannot broadcast: on axis {axis} (counted "
            f"from the right) the sizes are {sizes[i]} and {sizes[j]}; aligned from the right, "
            f"the sizes on each axis must be equal or 1"
        )
    if not aligned:
        return ()
    # On each axis the result takes the size that is not 1 (they agree), or 1 if all are 1.
    return tuple(next((n for n in col if n != 1), 1) for col in zip(*aligned))


def stretched_axes(shape: ShapeLike, target: ShapeLike) -> tuple[int, ...]:
    """Axes, numbered from the right, along which ``shape`` is stretched to reach ``target``
    (chapter 1).

    These are the axes where ``shape`` has size 1, or no axis at all, while ``target`` has a
    size other than 1: NumPy repeats the array along them without copying it (stride 0).

    Raises
    ------
    ValueError
        If ``shape`` does not broadcast to ``target`` (the result of broadcasting must be
        ``target`` itself).

    Examples
    --------
    >>> stretched_axes((3, 1), (2, 3, 4))
    (-3, -1)
    >>> stretched_axes((2, 3, 4), (2, 3, 4))
    ()
    """
    src, dst = _shape(shape, "shape"), _shape(target, "target")
    if len(src) > len(dst) or clashing_axes(src, dst) or broadcast_shape(src, dst) != dst:
        raise ValueError(
            f"shape {src} does not broadcast to target {dst}; expected a shape whose sizes, "
            f"aligned from the right, equal the target's or are 1"
        )
    padded = align_shapes(src, dst)[0]
    n = len(dst)
    return tuple(k - n for k in range(n) if padded[k] == 1 and dst[k] != 1)


def batch_sizes(n_samples: int, batch_size: int, drop_last: bool = False) -> list[int]:
    """The size of each mini-batch in one epoch over ``n_samples`` samples (chapter 1).

    One epoch passes every sample through the model once, ``batch_size`` samples per
    iteration, so it takes ⌈n / batch_size⌉ iterations and the last batch may be smaller; with
    ``drop_last=True`` that smaller batch is skipped (⌊n / batch_size⌋ iterations).

    Examples
    --------
    >>> batch_sizes(10, 4)
    [4, 4, 2]
    >>> batch_sizes(10, 4, drop_last=True)
    [4, 4]
    """
    n = v.whole_number(n_samples, "n_samples")
    b = v.whole_number(batch_size, "batch_size", least=1)
    full, rest = divmod(n, b)
    sizes = [b] * full
    if rest and not drop_last:
        sizes.append(rest)
    return sizes


def c_strides(shape: ShapeLike, itemsize: int) -> tuple[int, ...]:
    """The strides, in bytes, of a C-ordered (row-major) array of this shape (chapter 1).

    In C order the last axis is contiguous: one step along it moves ``itemsize`` bytes, and one
    step along axis ``k`` jumps over a whole block of the later axes,
    ``itemsize * shape[k+1] * ... * shape[-1]`` bytes. This is what ``np.empty(shape).strides``
    reports for a freshly made array with at least one entry (an empty array has no entry to
    step to, and NumPy may then report other strides).

    Raises
    ------
    ValueError
        If ``shape`` is not a tuple of non-negative integers or ``itemsize`` is not a whole
        number ≥ 1.

    Examples
    --------
    >>> c_strides((2, 3, 4), 4)          # float32: 4 bytes per entry
    (48, 16, 4)
    >>> c_strides((10, 512), 8)
    (4096, 8)
    """
    dims = _shape(shape, "shape")
    size = v.whole_number(itemsize, "itemsize", least=1, what="bytes per entry")
    strides = []
    step = size
    for n in reversed(dims):
        strides.append(step)
        step *= n
    return tuple(reversed(strides))



def matmul_shape(a: ShapeLike, b: ShapeLike) -> tuple[int, ...]:
    """The shape of ``A @ B`` for arrays of shapes ``a`` and ``b`` (chapter 1).

    ``@`` (``np.matmul``) contracts the last axis of ``A`` with the second-to-last axis of ``B``
    and treats every earlier axis as a batch axis, which broadcasts by the rule of
    :func:`broadcast_shape`. A 1-D operand is promoted to a matrix, a row ``(1, n)`` on the left
    or a column ``(n, 1)`` on the right, and the added axis is removed from the result.

    Raises
    ------
    ValueError
        If a shape is not a tuple of non-negative integers, is 0-D (``@`` refuses scalars), the
        contracted sizes differ, or the batch axes cannot broadcast.

    Examples
    --------
    >>> matmul_shape((32, 256), (256, 128))
    (32, 128)
    >>> matmul_shape((8, 4, 10, 16), (8, 4, 16, 10))   # batch and heads broadcast
    (8, 4, 10, 10)
    >>> matmul_shape((3, 4), (4,))                     # a 1-D right operand: a column
    (3,)
    >>> matmul_shape((5, 3, 4), (3, 4))
    Traceback (most recent call last):
        ...
    ValueError: cannot compute A @ B for shapes (5, 3, 4) and (3, 4): the last axis of A (size 4) must equal the second-to-last axis of B (size 3)
    """
    sa, sb = _shape(a, "shape of A"), _shape(b, "shape of B")
    if not sa or not sb:
        raise ValueError(f"@ needs arrays with at least one axis; got shapes {sa} and {sb}")
    ma = (1,) + sa if len(sa) == 1 else sa    # a 1-D left operand is a row
    mb = sb + (1,) if len(sb) == 1 else sb    # a 1-D right operand is a column
    if ma[-1] != mb[-2]:
        raise ValueError(
            f"cannot compute A @ B for shapes {sa} and {sb}: the last axis of A (size {ma[-1]}) "
            f"must equal the second-to-last axis of B (size {mb[-2]})"
        )
    try:
        batch = broadcast_shape(ma[:-2], mb[:-2])
    except ValueError as err:
        raise ValueError(f"cannot compute A @ B for shapes {sa} and {sb}: the batch axes "
                         f"(all but the last two) do not broadcast: {err}") from None
    out = batch + (ma[-2] if len(sa) > 1 else None, mb[-1] if len(sb) > 1 else None)
    return tuple(n for n in out if n is not None)


def fit_overhead(batch_sizes: Sequence[int],
                 seconds_per_call: Sequence[float]) -> tuple[float, float]:
    """Fit the cost model ``t(B) = a + b B`` of one batched call to measured times (chapter 1).

    ``a`` is the fixed overhead of a call and ``b`` the cost per sample, so the time per sample
    is ``a / B + b``. The fit is least squares on the *relative* error of the time per sample,
    so that every batch size counts alike whatever its time:
    minimize ``sum_B ((a / B + b) / u_B - 1) ** 2`` with ``u_B = t_B / B``. This is linear in
    ``(a, b)``. The two are returned as measured (either may come out ≤ 0 when the data do not
    follow the model).

    Raises
    ------
    ValueError
        If the sequences differ in length, hold fewer than two distinct batch sizes, or hold a
        batch size < 1 or a time that is not finite and > 0.

    Examples
    --------
    >>> a, b = fit_overhead([1, 10, 100, 1000], [2.1e-6, 3.0e-6, 1.2e-5, 1.02e-4])
    >>> round(a * 1e6, 2), round(b * 1e9, 1)
    (2.0, 100.0)
    """
    sizes = np.asarray(batch_sizes, dtype=float)
    times = np.asarray(seconds_per_call, dtype=float)
    if sizes.ndim != 1 or sizes.shape != times.shape:
        raise ValueError(f"batch_sizes and seconds_per_call must be 1-D and of equal length; "
                         f"got shapes {sizes.shape} and {times.shape}")
    if not (np.all(np.isfinite(sizes)) and np.all(sizes >= 1)
            and np.all(sizes == np.round(sizes))):
        raise ValueError(f"batch sizes must be whole numbers ≥ 1; got {list(batch_sizes)}")
    if not (np.all(np.isfinite(times)) and np.all(times > 0)):
        raise ValueError(f"times must be finite and > 0; got {list(seconds_per_call)}")
    if np.unique(sizes).size < 2:
        raise ValueError("need at least two different batch sizes to fit an overhead and a "
                         f"cost per sample; got {list(batch_sizes)}")
    per_sample = times / sizes
    design = np.column_stack([1 / sizes, np.ones_like(sizes)]) / per_sample[:, None]
    (a, b), *_ = np.linalg.lstsq(design, np.ones_like(sizes), rcond=None)
    return float(a), float(b)
