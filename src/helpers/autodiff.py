"""A small reverse-mode automatic differentiation over NumPy arrays (chapter 6).

A :class:`Var` holds an array ``value``, the ``parents`` it was computed from and the ``op`` that
did it; together the Vars form the computational graph of an expression. ``loss.backward()``
visits that graph once, from the loss back to the inputs (reverse topological order), and applies
the chain rule at every node: a node passes to each parent the vector–Jacobian product of the
gradient it received, and a parent used several times sums what it receives. After the pass,
``v.grad`` is ∂loss/∂v for every Var v, with the shape of ``v.value``.

Broadcasting is differentiated too: when ``b`` of shape (m,) is added to ``A`` of shape (n, m),
``b`` was copied to every row, so its gradient is the column sum of the incoming gradient.

Operations: ``a + b``, ``a - b``, ``-a``, ``a * b`` (element-wise, broadcasting), ``a @ b`` (1-D
or 2-D), ``a / c`` and ``a ** k`` (scalar c, k), ``a.relu()``, ``a.sigmoid()``, ``a.tanh()``,
``a.exp()``, ``a.log()``, ``a.sum(axis)``, ``a.mean(axis)``, ``a.T`` and
:func:`softmax_cross_entropy`; numbers and arrays mixed with Vars become constants.

Examples
--------
>>> import numpy as np
>>> x = Var(np.array([1.0, 2.0, 3.0]), name="x")
>>> loss = (x * x).sum()           # ‖x‖², whose gradient is 2x
>>> loss.backward()
>>> x.grad.tolist()
[2.0, 4.0, 6.0]
"""

from __future__ import annotations

from typing import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validate as v
from .information import logsumexp, softmax
from .optimization import sigmoid

__all__ = ["Var", "softmax_cross_entropy", "topological_order"]

Local = Callable[[NDArray], tuple]  # incoming gradient -> one gradient per parent


def _unbroadcast(g: NDArray, shape: tuple) -> NDArray:
    """Sum ``g`` over the axes that broadcasting added or stretched, back to ``shape``."""
    g = g.sum(axis=tuple(range(g.ndim - len(shape)))) if g.ndim > len(shape) else g
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and g.shape[i] != 1)
    return g.sum(axis=stretched, keepdims=True) if stretched else g


class Var:
    """A node of a computational graph: an array value and, after backward, its gradient
    (chapter 6).

    Parameters
    ----------
    value
        The array (or number) this node holds; stored as a float array.
    name
        A label for plots and error messages (e.g. "W1"); defaults to the op.

    Examples
    --------
    >>> a, b = Var(2.0, name="a"), Var(3.0, name="b")
    >>> y = a * b + a                  # a is used twice: its gradients add up
    >>> y.backward()
    >>> float(a.grad), float(b.grad)   # ∂y/∂a = b + 1, ∂y/∂b = a
    (4.0, 2.0)
    """

    __array_ufunc__ = None  # ndarray + Var calls Var.__radd__ instead of looping over the array

    def __init__(self, value: ArrayLike, name: str | None = None, *, parents: tuple = (),
                 op: str = "", local: Local | None = None) -> None:
        self.value = v.as_float_array(value, name or "value")
        self.grad = np.zeros_like(self.value)
        self.parents, self.op, self.name, self._local = tuple(parents), op, name, local

    def _new(self, value: NDArray, parents: tuple, op: str, local: Local) -> Var:
        return Var(value, parents=parents, op=op, local=local)

    # -- element-wise arithmetic, with broadcasting ----------------------------------------
    def __add__(self, other) -> Var:
        o = _wrap(other)
        return self._new(self.value + o.value, (self, o), "+", lambda g: (
            _unbroadcast(g, self.value.shape), _unbroadcast(g, o.value.shape)))

    def __mul__(self, other) -> Var:
        o = _wrap(other)
        return self._new(self.value * o.value, (self, o), "*", lambda g: (
            _unbroadcast(g * o.value, self.value.shape),
            _unbroadcast(g * self.value, o.value.shape)))

    def __neg__(self) -> Var:
        return self._new(-self.value, (self,), "neg", lambda g: (-g,))

    def __sub__(self, other) -> Var:
        return self + (-_wrap(other))

    def __rsub__(self, other) -> Var:
        return _wrap(other) + (-self)

    __radd__, __rmul__ = __add__, __mul__

    def __truediv__(self, c: float) -> Var:
        c = v.real_number(c, "c", what="the divisor in a / c, a Python or NumPy scalar")
        if c == 0:
            raise ValueError("c must be a nonzero real number (the divisor in a / c); got 0")
        return self._new(self.value / c, (self,), f"/{c:g}", lambda g: (g / c,))

    def __pow__(self, k: float) -> Var:
        k = v.real_number(k, "k", what="the exponent in a ** k, a Python or NumPy scalar")
        if (k != int(k) and np.any(self.value < 0)) or (k < 1 and np.any(self.value == 0)):
            raise ValueError(f"a ** {k:g} is undefined (or its gradient infinite) at an entry "
                             "of a; expected positive entries for a fractional or negative k")
        return self._new(self.value ** k, (self,), f"**{k:g}",
                         lambda g: (g * k * self.value ** (k - 1),))

    # -- matrix product (1-D or 2-D operands) -----------------------------------------------
    def __matmul__(self, other) -> Var:
        o = _wrap(other)
        if not (1 <= self.value.ndim <= 2 and 1 <= o.value.ndim <= 2):
            raise ValueError(f"@ expects 1-D or 2-D operands; got shapes {self.value.shape} "
                             f"and {o.value.shape}")
        a2 = self.value.reshape(-1, self.value.shape[-1])       # a row vector stays a row
        b2 = o.value.reshape(o.value.shape[0], -1)              # a vector becomes a column

        def local(g: NDArray) -> tuple:
            g2 = g.reshape(a2.shape[0], b2.shape[1])
            return (g2 @ b2.T).reshape(self.value.shape), (a2.T @ g2).reshape(o.value.shape)
        return self._new(self.value @ o.value, (self, o), "@", local)

    def __rmatmul__(self, other) -> Var:
        return _wrap(other) @ self

    # -- unary functions ----------------------------------------------------------------------
    def relu(self) -> Var:
        return self._new(np.maximum(self.value, 0.0), (self,), "relu",
                         lambda g: (g * (self.value > 0),))  # slope 0 taken at the kink

    def sigmoid(self) -> Var:
        s = np.asarray(sigmoid(self.value))
        return self._new(s, (self,), "sigmoid", lambda g: (g * s * (1.0 - s),))

    def tanh(self) -> Var:
        t = np.tanh(self.value)
        return self._new(t, (self,), "tanh", lambda g: (g * (1.0 - t * t),))

    def exp(self) -> Var:
        if np.any(self.value > 709.0):
            raise ValueError("exp overflows float64 above 709; got an entry of "
                             f"{self.value.max():g} (use a log-space formula instead)")
        e = np.exp(self.value)
        return self._new(e, (self,), "exp", lambda g: (g * e,))

    def log(self) -> Var:
        if np.any(self.value <= 0):
            raise ValueError(f"log needs entries > 0; got {self.value.min():g}")
        return self._new(np.log(self.value), (self,), "log", lambda g: (g / self.value,))

    # -- reductions and transpose ---------------------------------------------------------
    def sum(self, axis: int | None = None) -> Var:
        return self._reduce(self._axis(axis), "sum", 1.0)

    def mean(self, axis: int | None = None) -> Var:
        axis = self._axis(axis)
        return self._reduce(axis, "mean", self.value.size if axis is None
                            else self.value.shape[axis])

    def _axis(self, axis: int | None) -> int | None:
        if axis is None:
            return None
        return v.whole_number(axis, "axis", least=-self.value.ndim, most=self.value.ndim - 1)

    def _reduce(self, axis: int | None, op: str, count: float) -> Var:
        """Sum along ``axis`` (all axes if None) divided by ``count``: each entry receives the
        gradient of the sum it fed into, divided by ``count``."""
        shape = self.value.shape
        expand = (lambda g: g) if axis is None else (lambda g: np.expand_dims(g, axis))
        return self._new(self.value.sum(axis=axis) / count, (self,), op,
                         lambda g: (np.broadcast_to(expand(g) / count, shape).copy(),))

    @property
    def T(self) -> Var:
        return self._new(self.value.T, (self,), "T", lambda g: (g.T,))

    @property
    def shape(self) -> tuple:
        return self.value.shape

    # -- the backward pass ------------------------------------------------------------------
    def backward(self) -> None:
        """Add ∂self/∂v to ``v.grad`` for every Var v in the graph of ``self``, a scalar
        (chapter 6): the reverse-mode chain rule, one visit per node.

        Gradients accumulate: a second call adds them again (reset with ``v.grad[...] = 0``).
        """
        if self.value.size != 1:
            raise ValueError(f"backward() needs a scalar (size-1) Var such as a loss; got shape "
                             f"{self.value.shape}: reduce it first, e.g. with .sum() or .mean()")
        pending = {id(self): np.ones_like(self.value)}  # gradients received, not yet passed on
        for node in reversed(topological_order(self)):
            g = pending.pop(id(node))
            node.grad += g
            if node._local is not None:
                for parent, pg in zip(node.parents, node._local(g)):
                    pending[id(parent)] = pending.get(id(parent), 0.0) + pg

    def __repr__(self) -> str:
        return f"Var({self.name or self.op or 'value'}, shape={self.value.shape})"


def _wrap(x) -> Var:
    """A Var as is; a number or array as a constant Var (named by its value when a scalar)."""
    if isinstance(x, Var):
        return x
    arr = v.as_float_array(x, "operand")
    return Var(arr, name=f"{float(arr):g}" if arr.ndim == 0 else "const")


def topological_order(root: Var) -> list[Var]:
    """Every Var that ``root`` depends on, each once, inputs first and ``root`` last (chapter 6).

    A node comes after all its parents, so reading the list backwards visits each node before
    anything it was computed from: the order of the backward pass. (Depth-first, without
    recursion, so long chains do not hit Python's recursion limit.)

    Examples
    --------
    >>> x = Var(1.0, name="x")
    >>> [n.name or n.op for n in topological_order((x * 2.0).exp())]
    ['x', '2', '*', 'exp']
    """
    if not isinstance(root, Var):
        raise ValueError(f"root must be a Var; got {type(root).__name__}")
    order, seen, stack = [], set(), [(root, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
        elif id(node) not in seen:
            seen.add(id(node))
            stack.append((node, True))
            stack.extend((p, False) for p in reversed(node.parents))
    return order


def softmax_cross_entropy(logits: Var, labels: ArrayLike) -> Var:
    """Mean cross-entropy of softmax(logits) against integer class labels, as a Var (chapter 6).

    For logits Z (n × c, one sample per row) and labels yᵢ ∈ {0, …, c − 1} the value is
    (1/n) Σᵢ [logsumexp(Zᵢ,:) − Zᵢ,yᵢ], computed stably; its gradient with respect to Z is
    (softmax(Z) − Y) / n, where Y is the one-hot matrix of the labels.

    Examples
    --------
    >>> Z = Var(np.zeros((2, 4)), name="Z")
    >>> loss = softmax_cross_entropy(Z, [0, 3])
    >>> round(float(loss.value), 6)    # log 4: uniform predictions over 4 classes
    1.386294
    >>> loss.backward()
    >>> Z.grad[0].tolist()             # (softmax − one-hot) / n = ([1/4]*4 − e₀) / 2
    [-0.375, 0.125, 0.125, 0.125]
    """
    if not isinstance(logits, Var) or logits.value.ndim != 2:
        got = (f"shape {logits.value.shape}" if isinstance(logits, Var)
               else type(logits).__name__)
        raise ValueError(f"logits must be a 2-D Var (samples × classes); got {got}")
    n, c = logits.value.shape
    y = np.asarray(labels)
    if y.shape != (n,) or not np.issubdtype(y.dtype, np.integer) or np.any((y < 0) | (y >= c)):
        raise ValueError(f"labels must be {n} integers in 0..{c - 1}, one per row of logits; "
                         f"got {np.asarray(labels)!r}")
    Z = logits.value
    value = np.mean(np.asarray(logsumexp(Z, axis=1)) - Z[np.arange(n), y])
    onehot = np.eye(c)[y]
    return Var(value, parents=(logits,), op="softmax CE",
               local=lambda g: (g * (softmax(Z, axis=1) - onehot) / n,))
