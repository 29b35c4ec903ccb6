"""One set of validators (``helpers._validate``) behind every scalar parameter of the pure-math
modules.

``TABLE`` holds one valid call per public function that has a scalar parameter. The list of
scalar parameters is not written here: it is read from the signatures (annotations ``int``,
``float`` and their ``| None`` forms), so a new function or parameter is tested as soon as it
exists, and ``test_every_function_with_a_scalar_parameter_has_a_row`` fails until it has a row.
For every such parameter the same bad inputs must raise ``ValueError`` whose message starts with
``"<parameter> must be"``, and NumPy scalars must give what the Python ones give.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import math
import pkgutil
import types
import typing

import numpy as np
import pytest

import helpers

from helpers import _validate as v
from helpers.autodiff import Var

#: Every module of the package but the plotting views, the slider machinery and the website form
#: of a demo (found, not listed, so that a new module cannot be forgotten).
MODULES = [m.name for m in pkgutil.iter_modules(helpers.__path__)
           if not m.ispkg and not m.name.startswith("_") and m.name not in ("sliders", "website")]

#: A fresh instance for the methods of each public class that has scalar parameters.
INSTANCES = {"autodiff.Var": lambda: Var(np.arange(1.0, 7.0).reshape(2, 3), name="a")}

_JOINT = [[0.1, 0.2], [0.3, 0.4]]
_TABLE3 = np.full((2, 2, 2), 0.125)
_GRID = np.linspace(-8.0, 8.0, 401)
_DENSITY = np.exp(-0.5 * _GRID ** 2) / math.sqrt(2 * math.pi)
_X = [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]
_U, _S, _VT = np.linalg.svd(np.array(_X), full_matrices=False)


def _f(x):
    return float(np.sum(np.asarray(x) ** 2))


def _grad(x):
    return 2 * np.asarray(x)


#: One valid call per public function (or method, "module.Class.method") with a scalar
#: parameter: every scalar parameter is given a valid value, so that the NumPy-scalar test can
#: swap each one.
TABLE: dict[str, dict] = {
    # chapter 1
    "tensors.batch_sizes": dict(n_samples=10, batch_size=4),
    "tensors.c_strides": dict(shape=(2, 3), itemsize=8),
    # chapter 2
    "linalg.lp_norm": dict(x=[3.0, -4.0], p=3.0),
    "linalg.lp_unit_circle": dict(p=1.5, n=9),
    "linalg.soft_threshold": dict(z=[-3.0, 0.5, 2.0], lam=1.0),
    "linalg.ridge_regression": dict(x=_X, y=[1.0, 2.0, 3.0], lam=0.5),
    "linalg.lasso_proximal_gradient": dict(x=_X, y=[1.0, 2.0, 3.0], lam=0.5, steps=20),
    "linalg.in_column_space": dict(a=_X, b=[1.0, 2.0, 3.0], tol=1e-8),
    "linalg.hilbert": dict(n=3),
    "linalg.rotation_matrix": dict(theta=0.3),
    "linalg.is_symmetric": dict(a=[[1.0, 2.0], [2.0, 1.0]], atol=1e-10),
    "linalg.is_orthogonal": dict(a=[[0.0, 1.0], [1.0, 0.0]], atol=1e-10),
    "linalg.lora_parameter_count": dict(d_out=30, d_in=20, r=4),
    "linalg.dequantize_int8": dict(q=[50, -127, 1], scale=0.01),
    # chapter 3
    "decompositions.classify_definiteness": dict(a=[[2.0, 1.0], [1.0, 2.0]], tol=1e-9),
    "decompositions.svd_reconstruct": dict(u=_U, s=_S, vt=_VT, k=1),
    "decompositions.low_rank_approx": dict(a=_X, k=1),
    "decompositions.rank_k_error": dict(singular_values=[3.0, 4.0, 1.0], k=1),
    "decompositions.low_rank_storage": dict(m=5, n=4, k=2),
    "decompositions.power_iteration": dict(a=[[2.0, 1.0], [1.0, 2.0]], x0=[1.0, 0.0],
                                           num_steps=10),
    # chapter 4
    "probability.uniform_pdf": dict(x=[-1.0, 0.5, 2.5], a=0.0, b=2.0),
    "probability.uniform_interval_probability": dict(lo=-1.0, hi=0.5, a=0.0, b=2.0),
    "probability.marginal": dict(joint=_JOINT, keep=1),
    "probability.conditional": dict(joint=_JOINT, given=1),
    "probability.is_independent": dict(joint=_JOINT, atol=1e-9),
    "probability.is_conditionally_independent": dict(joint=_TABLE3, given=2, atol=1e-9),
    "probability.correlate": dict(z=[[1.0, 2.0], [-0.5, 0.3]], rho=0.5),
    "probability.bernoulli_log_likelihood": dict(theta=[0.2, 0.5], heads=3, n=5),
    "probability.bernoulli_mle": dict(heads=3, n=5),
    "probability.gaussian_pdf": dict(x=[0.0, 1.0], mu=0.5, sigma=2.0),
    "probability.gaussian_cdf": dict(x=[0.0, 1.0], mu=0.5, sigma=2.0),
    "probability.gaussian_quantile": dict(q=[0.1, 0.5], mu=0.5, sigma=2.0),
    "probability.categorical_mle": dict(labels=[0, 2, 2, 1], k=3),
    "probability.map_linear_regression": dict(X=_X, y=[1.0, 2.0, 3.0], noise_std=1.0,
                                              prior_std=2.0),
    "probability.linear_regression_posterior": dict(X=_X, y=[1.0, 2.0, 3.0], noise_std=1.0,
                                                    prior_std=2.0),
    "probability.beta_pdf": dict(theta=[0.2, 0.5], a=2.0, b=3.0),
    "probability.wilson_interval": dict(successes=3, n=5, z=1.96),
    "probability.mcnemar_exact": dict(only_a=3, only_b=5),
    "probability.clopper_pearson_interval": dict(successes=3, n=5, confidence=0.9),
    "probability.student_t_quantile": dict(q=0.975, nu=4.0),
    # chapter 5
    "information.self_information": dict(p=[0.25, 0.5], base=2),
    "information.entropy": dict(p=[0.25, 0.75], base=2.0),
    "information.cross_entropy": dict(p=[0.25, 0.75], q=[0.5, 0.5], base=2.0),
    "information.kl_divergence": dict(p=[0.25, 0.75], q=[0.5, 0.5], base=2.0),
    "information.binary_entropy": dict(p=[0.1, 0.5], base=2),
    "information.js_divergence": dict(p=[0.25, 0.75], q=[0.5, 0.5], base=2.0),
    "information.f_divergence": dict(p=[0.25, 0.75], q=[0.5, 0.5], kind="js", base=2.0),
    "information.float_format_max": dict(exponent_bits=8, mantissa_bits=7),
    "information.float_format_min": dict(exponent_bits=8, mantissa_bits=7),
    "information.logsumexp": dict(z=[[1.0, 2.0], [3.0, 4.0]], axis=1),
    "information.log_softmax": dict(z=[[1.0, 2.0], [3.0, 4.0]], axis=0),
    "information.softmax": dict(z=[1.0, 2.0, 3.0], temperature=2.0, axis=-1),
    "information.gaussian_pdf": dict(x=[0.0, 1.0], mean=0.5, std=2.0),
    "information.differential_entropy": dict(x=_GRID, p=_DENSITY, base=2.0),
    "information.modes_covered": dict(mean=0.5, std=1.0, modes=[-3.0, 1.0], k=2.0),
    "information.density_modes": dict(x=_GRID, p=_DENSITY, rel_height=1e-3),
    "information.joint_entropy": dict(joint=_JOINT, base=2.0),
    "information.conditional_entropy": dict(joint=_JOINT, base=2.0),
    "information.mutual_information": dict(joint=_JOINT, base=2.0),
    "information.smooth_labels": dict(labels=[0, 2], num_classes=3, alpha=0.3),
    # chapter 6
    "optimization.numerical_gradient": dict(f=_f, x=[1.0, -2.0], h=1e-5),
    "optimization.check_gradient": dict(f=_f, grad=_grad, x=[1.0, -2.0], h=1e-5),
    "optimization.gradient_descent": dict(grad=_grad, x0=[1.0, -2.0], lr=0.1, steps=5, f=_f,
                                          bound=100.0, tol=1e-12, f_target=-1.0),
    "optimization.momentum_descent": dict(grad=_grad, x0=[1.0, -2.0], lr=0.1, momentum=0.5,
                                          steps=5, f=_f, bound=100.0, tol=1e-12, f_target=-1.0),
    "optimization.descent_regime": dict(lr=0.3, curvature=2.0),
    "optimization.nesterov_descent": dict(grad=_grad, x0=[1.0, -2.0], lr=0.1, momentum=0.5,
                                          steps=5, f=_f, bound=100.0, tol=1e-12, f_target=-1.0),
    "optimization.clip_by_norm": dict(g=[3.0, 4.0], max_norm=1.0),
    "optimization.adagrad_step": dict(x=[1.0, 2.0], g=[0.5, -1.0], s=[0.0, 1.0], lr=0.1,
                                      eps=1e-8),
    "optimization.rmsprop_step": dict(x=[1.0, 2.0], g=[0.5, -1.0], s=[0.0, 1.0], lr=0.1,
                                      rho=0.9, eps=1e-8),
    "optimization.adam_step": dict(x=[1.0, 2.0], g=[0.5, -1.0], m=[0.0, 0.1], s=[0.0, 1.0], t=2,
                                   lr=0.1, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.01),
    "optimization.run_optimizer": dict(grad=_grad, x0=[1.0, -2.0], method="adam", steps=5,
                                       lr=0.1, beta=0.9, beta2=0.999, eps=1e-8,
                                       weight_decay=0.01, clip_norm=1.0, f=_f, bound=100.0),
    "optimization.lr_schedule": dict(kind="step", steps=10, lr=0.5, warmup=2, final=0.0,
                                     drop=0.5, every=3),
    "optimization.project_max_norm": dict(W=[[3.0, 4.0], [0.3, 0.4]], c=1.0, axis=-1),
    "optimization.vandermonde_least_squares": dict(n=8, degree=3),
    "optimization.conjugate_gradient": dict(H=[[4.0, 1.0], [1.0, 3.0]], b=[1.0, 2.0],
                                            x0=[0.0, 0.0], steps=2),
    "autodiff.Var.__truediv__": dict(c=2.0),
    "autodiff.Var.__pow__": dict(k=2.0),
    "autodiff.Var.sum": dict(axis=1),
    "autodiff.Var.mean": dict(axis=0),
    "timing.best_time": dict(fn=lambda: None, repeat=2, number=3, warmup=1),
    "timing.blas_threads": dict(n=1),
    "prose.sci": dict(x=2.5e-8, digits=2),
}

#: Results that are measurements, not functions of the input: compared by type only.
MEASURED = {"timing.best_time"}

#: Real parameters for which ∞ is a documented, valid value (the max norm, p = np.inf).
ACCEPTS_INF = {("linalg.lp_norm", "p"), ("linalg.lp_unit_circle", "p")}


# -- reading the signatures ---------------------------------------------------------------------
def _public_callables() -> dict[str, tuple[types.FunctionType, types.ModuleType, type | None]]:
    """Every public function of the modules, and every public or operator method of their
    public classes, as {"module.name" or "module.Class.method": (function, module, class)}."""
    found = {}
    for mod_name in MODULES:
        module = importlib.import_module(f"helpers.{mod_name}")
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isfunction(obj):
                found[f"{mod_name}.{name}"] = (obj, module, None)
            elif inspect.isclass(obj):
                for attr, member in vars(obj).items():
                    dunder = attr.startswith("__") and attr.endswith("__")
                    if inspect.isfunction(member) and (dunder or not attr.startswith("_")):
                        found[f"{mod_name}.{name}.{attr}"] = (member, module, obj)
    return found


def _scalar_kind(hint) -> tuple[str, bool] | None:
    """("whole" or "real", optional) for int, float, int | None, float | None; else None."""
    args = typing.get_args(hint) if typing.get_origin(hint) in (typing.Union,
                                                                types.UnionType) else (hint,)
    optional = type(None) in args
    rest = tuple(a for a in args if a is not type(None))
    if rest == (int,):
        return "whole", optional
    if rest == (float,):
        return "real", optional
    return None


def _scalar_params(key: str) -> dict[str, tuple[str, bool]]:
    fn, module, cls = CALLABLES[key]
    local = {cls.__name__: cls} if cls is not None else None
    hints = typing.get_type_hints(fn, globalns=vars(module), localns=local)
    out = {}
    for name in inspect.signature(fn).parameters:
        kind = _scalar_kind(hints.get(name))
        if kind is not None:
            out[name] = kind
    return out


CALLABLES = _public_callables()
SCALAR_PARAMS = {key: _scalar_params(key) for key in CALLABLES}


def _call(key: str, kwargs: dict):
    """Call the function of ``key`` with ``kwargs``; enter it if it is a context manager."""
    fn, _, cls = CALLABLES[key]
    result = fn(INSTANCES[f"{key.rsplit('.', 2)[0]}.{cls.__name__}"](), **kwargs) \
        if cls is not None else fn(**kwargs)
    if hasattr(result, "__enter__") and hasattr(result, "__exit__"):
        with result as entered:
            return entered
    return result


def _assert_same(a, b) -> None:
    """The same value and the same type, recursively (a NumPy scalar must not leak out)."""
    assert type(a) is type(b), f"{type(a).__name__} != {type(b).__name__}"
    if isinstance(a, Var):
        _assert_same(a.value, b.value)
    elif dataclasses.is_dataclass(a):
        for field in dataclasses.fields(a):
            _assert_same(getattr(a, field.name), getattr(b, field.name))
    elif isinstance(a, (tuple, list)):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            _assert_same(x, y)
    elif isinstance(a, np.ndarray):
        assert a.dtype == b.dtype
        np.testing.assert_array_equal(a, b)
    elif a is not None:
        assert a == b or (a != a and b != b), f"{a!r} != {b!r}"  # NaN equals NaN here


# -- the cases ----------------------------------------------------------------------------------
BAD_FOR_ALL = [True, np.bool_(True), "3"]
BAD_FOR_REAL = [float("nan"), float("inf")]
BAD_FOR_WHOLE = [2.5, 10.0]


def _bad_inputs(key: str, param: str, kind: str, optional: bool) -> list:
    bad = list(BAD_FOR_ALL) + ([] if optional else [None])
    if kind == "real":
        bad += [x for x in BAD_FOR_REAL if not (math.isinf(x) and (key, param) in ACCEPTS_INF)]
    else:
        bad += BAD_FOR_WHOLE
    return bad


BAD_CASES = [
    pytest.param(key, param, bad, id=f"{key}-{param}-{bad!r}")
    for key in sorted(TABLE) if key in SCALAR_PARAMS
    for param, (kind, optional) in SCALAR_PARAMS[key].items()
    for bad in _bad_inputs(key, param, kind, optional)
]

NUMPY_CASES = [
    pytest.param(key, param, id=f"{key}-{param}")
    for key in sorted(TABLE) if key in SCALAR_PARAMS
    for param in SCALAR_PARAMS[key]
    if isinstance(TABLE[key].get(param), (int, float)) and not isinstance(TABLE[key][param], bool)
]


def test_every_function_with_a_scalar_parameter_has_a_row():
    missing = sorted(key for key, params in SCALAR_PARAMS.items() if params and key not in TABLE)
    assert not missing, f"add a valid call to TABLE for {missing}"
    stale = sorted(set(TABLE) - set(CALLABLES))
    assert not stale, f"TABLE rows for functions that no longer exist: {stale}"


def test_the_scalar_parameters_are_found():
    # The discovery itself must work, or every other test here would pass vacuously.
    assert SCALAR_PARAMS["tensors.batch_sizes"] == {"n_samples": ("whole", False),
                                                   "batch_size": ("whole", False)}
    assert SCALAR_PARAMS["information.entropy"] == {"base": ("real", True)}
    assert SCALAR_PARAMS["autodiff.Var.sum"] == {"axis": ("whole", True)}
    assert len(BAD_CASES) > 400 and len(NUMPY_CASES) > 90


@pytest.mark.parametrize("key", sorted(TABLE))
def test_the_valid_call_runs_and_sets_every_scalar_parameter(key):
    params = inspect.signature(CALLABLES[key][0]).parameters
    assert set(TABLE[key]) <= set(params), f"{key}: unknown parameters in its row"
    unset = set(SCALAR_PARAMS[key]) - set(TABLE[key])
    assert not unset, f"{key}: give {sorted(unset)} a valid value in its row"
    _call(key, TABLE[key])


@pytest.mark.parametrize("key, param, bad", BAD_CASES)
def test_a_bad_scalar_is_refused_with_a_message_that_names_it(key, param, bad):
    with pytest.raises(ValueError) as info:
        _call(key, {**TABLE[key], param: bad})
    assert str(info.value).startswith(f"{param} must be "), str(info.value)
    assert repr(bad) in str(info.value)  # the message shows what it got


@pytest.mark.parametrize("key, param", NUMPY_CASES)
def test_numpy_scalars_give_the_same_result_as_python_ones(key, param):
    value = TABLE[key][param]
    as_numpy = np.int64(value) if isinstance(value, int) else np.float64(value)
    expected = _call(key, TABLE[key])
    got = _call(key, {**TABLE[key], param: as_numpy})
    if key in MEASURED:
        assert type(got) is type(expected)
    else:
        _assert_same(got, expected)


# -- the validators themselves ------------------------------------------------------------------
def test_whole_number_messages():
    assert v.whole_number(np.int64(3), "n") == 3 and type(v.whole_number(np.int64(3), "n")) is int
    assert v.whole_number(-1, "axis", least=-2, most=1) == -1
    with pytest.raises(ValueError, match=r"^n must be a whole number ≥ 0; got 10\.0 \(a float: "
                                         r"a count is a whole number, write 10\)$"):
        v.whole_number(10.0, "n")
    with pytest.raises(ValueError, match=r"^k must be a whole number ≥ 1 and ≤ 3; got 4$"):
        v.whole_number(4, "k", least=1, most=3)
    with pytest.raises(ValueError, match=r"^n must be a whole number ≥ 0; got True \(a bool"):
        v.whole_number(True, "n")


@pytest.mark.parametrize("bounds, interval", [
    (dict(), None),
    (dict(low=0), "[0, ∞)"),
    (dict(low=0, low_open=True), "(0, ∞)"),
    (dict(low=0, high=1, low_open=True), "(0, 1]"),
    (dict(low=0, high=1, high_open=True), "[0, 1)"),
    (dict(high=2.5), "(-∞, 2.5]"),
    (dict(low=1, allow_inf=True), "[1, ∞]"),
])
def test_real_number_messages_write_the_interval(bounds, interval):
    expected = ("x must be a finite real number" if interval is None
                else f"x must be a real number in {interval}")
    with pytest.raises(ValueError) as info:
        v.real_number(float("nan"), "x", **bounds)
    assert str(info.value) == f"{expected}; got nan"


def test_real_number_accepts_numpy_reals_and_refuses_what_lies_outside():
    assert type(v.real_number(np.float32(0.5), "p")) is float
    assert v.real_number(np.int64(2), "temperature", low=0, low_open=True) == 2.0
    assert v.real_number(math.inf, "p", low=1, allow_inf=True) == math.inf
    for bad in (0.0, 1.5, -math.inf):
        with pytest.raises(ValueError, match=r"^p must be a real number in \(0, 1\]; got "):
            v.real_number(bad, "p", low=0, high=1, low_open=True)
