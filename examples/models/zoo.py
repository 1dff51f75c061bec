"""Graph-only ONNX builders for a zoo of published networks.

Every model is written from its published architecture: layer shapes only.
Weights are initializers with dims and no data (the files stay a few
kilobytes); the only initializers with data are the small constants an
operator reads at load time (Reshape shapes, Clip bounds, scalar factors).
Opset 13, batch 1, ImageNet input sizes.
"""

import math

import numpy as np
from onnx import TensorProto, helper, numpy_helper

OPSET = 13


def _conv_out(size, kernel, stride, pad_begin, pad_end, dilation=1):
    span = dilation * (kernel - 1) + 1
    return (size + pad_begin + pad_end - span) // stride + 1


def same_pads(size, kernel, stride):
    """TensorFlow's 'same' padding of one dim: (begin, end), the odd one
    at the end."""
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


def _broadcast(a, b):
    rank = max(len(a), len(b))
    a = [1] * (rank - len(a)) + list(a)
    b = [1] * (rank - len(b)) + list(b)
    out = []
    for x, y in zip(a, b):
        if x != y and 1 not in (x, y):
            raise ValueError(f"cannot broadcast {a} and {b}")
        out.append(max(x, y))
    return out


class Graph:
    """Builds one ONNX graph and tracks every value's shape.

    The tracked shapes are what the builders use to size later layers; the
    generator checks them against ONNX shape inference, so a wrong shape in a
    builder is an error rather than a silently different network.
    """

    def __init__(self, name, input_shape):
        self.name = name
        self.nodes = []
        self.initializers = []
        self.shapes = {"input": list(input_shape)}
        self.inputs = [helper.make_tensor_value_info(
            "input", TensorProto.FLOAT, list(input_shape))]
        self.outputs = []
        self._constants = {}
        self._used = set()

    # -- names, weights, constants -------------------------------------------

    def _unique(self, name):
        base, i = name, 1
        while name in self._used:
            i += 1
            name = f"{base}_{i}"
        self._used.add(name)
        return name

    def weight(self, name, dims):
        """A float initializer with dims and no data (a parameter)."""
        tensor = TensorProto()
        tensor.name = self._unique(name)
        tensor.data_type = TensorProto.FLOAT
        tensor.dims.extend(int(d) for d in dims)
        self.initializers.append(tensor)
        self.shapes[tensor.name] = [int(d) for d in dims]
        return tensor.name

    def constant(self, array):
        """An initializer with data, shared by value (not a parameter)."""
        array = np.asarray(array)
        key = (array.dtype.str, array.shape, array.tobytes())
        if key not in self._constants:
            name = self._unique(f"const_{len(self._constants)}")
            self.initializers.append(numpy_helper.from_array(array, name))
            self.shapes[name] = list(array.shape)
            self._constants[key] = name
        return self._constants[key]

    def node(self, op, inputs, shape, name, **attrs):
        if any(d <= 0 for d in shape):
            # A scaled-down input (generate.py --image-size) too small for
            # the network's strides and valid convolutions.
            raise ValueError(f"{name}: empty output {list(shape)}; the input "
                             f"is too small for this network")
        name = self._unique(name)
        out = name
        self.nodes.append(
            helper.make_node(op, inputs, [out], name=name, **attrs))
        self.shapes[out] = [int(d) for d in shape]
        return out

    def shape(self, x):
        return self.shapes[x]

    def output(self, x):
        self.outputs.append(helper.make_tensor_value_info(
            x, TensorProto.FLOAT, self.shapes[x]))

    def model(self):
        graph = helper.make_graph(self.nodes, self.name, self.inputs,
                                  self.outputs, initializer=self.initializers)
        model = helper.make_model(
            graph, opset_imports=[helper.make_opsetid("", OPSET)],
            producer_name="zigzag-mlir examples/models")
        return model

    # -- convolutional layers -------------------------------------------------

    def conv(self, x, cout, kernel, name, stride=1, pads=None, group=1,
             bias=False, dilation=1):
        """Conv; `pads` is None (symmetric k//2), 'valid', 'same' (TF) or
        (top, left, bottom, right)."""
        n, cin, h, w = self.shape(x)
        kh, kw = (kernel, kernel) if isinstance(kernel, int) else kernel
        if pads is None:
            pads = (dilation * (kh // 2), dilation * (kw // 2),
                    dilation * (kh // 2), dilation * (kw // 2))
        elif pads == "valid":
            pads = (0, 0, 0, 0)
        elif pads == "same":
            top, bottom = same_pads(h, kh, stride)
            left, right = same_pads(w, kw, stride)
            pads = (top, left, bottom, right)
        if cin % group or cout % group:
            raise ValueError(
                f"{name}: group {group} does not divide {cin}->{cout}")
        inputs = [x, self.weight(f"{name}.weight",
                                 [cout, cin // group, kh, kw])]
        if bias:
            inputs.append(self.weight(f"{name}.bias", [cout]))
        oh = _conv_out(h, kh, stride, pads[0], pads[2], dilation)
        ow = _conv_out(w, kw, stride, pads[1], pads[3], dilation)
        return self.node("Conv", inputs, [n, cout, oh, ow], name,
                         kernel_shape=[kh, kw], strides=[stride, stride],
                         pads=list(pads), group=group,
                         dilations=[dilation, dilation])

    def bn(self, x, name, epsilon=1e-5):
        c = self.shape(x)[1]
        inputs = [x] + [self.weight(f"{name}.{p}", [c])
                        for p in ("weight", "bias", "running_mean",
                                  "running_var")]
        return self.node("BatchNormalization", inputs, self.shape(x), name,
                         epsilon=epsilon)

    def relu(self, x, name):
        return self.node("Relu", [x], self.shape(x), name)

    def relu6(self, x, name):
        bounds = [self.constant(np.float32(0)), self.constant(np.float32(6))]
        return self.node("Clip", [x] + bounds, self.shape(x), name)

    def sigmoid(self, x, name):
        return self.node("Sigmoid", [x], self.shape(x), name)

    def hardsigmoid(self, x, name):
        # PyTorch's Hardsigmoid: relu6(x + 3) / 6.
        return self.node("HardSigmoid", [x], self.shape(x), name,
                         alpha=1.0 / 6, beta=0.5)

    def hardswish(self, x, name):
        # HardSwish is opset 14; opset 13 spells it x * hardsigmoid(x).
        return self.mul(x, self.hardsigmoid(x, f"{name}.gate"), name)

    def swish(self, x, name):
        return self.mul(x, self.sigmoid(x, f"{name}.gate"), name)

    def act(self, x, kind, name):
        return {"relu": self.relu, "relu6": self.relu6,
                "hswish": self.hardswish, "swish": self.swish,
                None: lambda x, _: x}[kind](x, name)

    def conv_bn(self, x, cout, kernel, name, act="relu", bn_eps=1e-5, **kw):
        x = self.conv(x, cout, kernel, name, **kw)
        x = self.bn(x, f"{name}.bn", epsilon=bn_eps)
        return self.act(x, act, f"{name}.act")

    def _pool(self, op, x, kernel, stride, pads, name, **attrs):
        n, c, h, w = self.shape(x)
        if pads == "same":
            top, bottom = same_pads(h, kernel, stride)
            left, right = same_pads(w, kernel, stride)
            pads = (top, left, bottom, right)
        oh = _conv_out(h, kernel, stride, pads[0], pads[2])
        ow = _conv_out(w, kernel, stride, pads[1], pads[3])
        return self.node(op, [x], [n, c, oh, ow], name,
                         kernel_shape=[kernel, kernel],
                         strides=[stride, stride], pads=list(pads), **attrs)

    def maxpool(self, x, kernel, stride, name, pads=(0, 0, 0, 0)):
        return self._pool("MaxPool", x, kernel, stride, pads, name)

    def avgpool(self, x, kernel, stride, name, pads=(0, 0, 0, 0),
                count_include_pad=0):
        return self._pool("AveragePool", x, kernel, stride, pads, name,
                          count_include_pad=count_include_pad)

    def gap(self, x, name):
        n, c = self.shape(x)[:2]
        return self.node("GlobalAveragePool", [x], [n, c, 1, 1], name)

    def squeeze_excite(self, x, squeeze, name, act="relu", gate="sigmoid"):
        c = self.shape(x)[1]
        s = self.gap(x, f"{name}.pool")
        s = self.conv(s, squeeze, 1, f"{name}.fc1", bias=True)
        s = self.act(s, act, f"{name}.act")
        s = self.conv(s, c, 1, f"{name}.fc2", bias=True)
        s = (self.sigmoid if gate == "sigmoid" else self.hardsigmoid)(
            s, f"{name}.gate")
        return self.mul(x, s, f"{name}.scale")

    # -- elementwise, shapes --------------------------------------------------

    def add(self, a, b, name):
        return self.node("Add", [a, b],
                         _broadcast(self.shape(a), self.shape(b)), name)

    def mul(self, a, b, name):
        return self.node("Mul", [a, b],
                         _broadcast(self.shape(a), self.shape(b)), name)

    def scale(self, x, factor, name):
        return self.mul(x, self.constant(np.float32(factor)), name)

    def concat(self, xs, name, axis=1):
        shape = list(self.shape(xs[0]))
        shape[axis] = sum(self.shape(x)[axis] for x in xs)
        return self.node("Concat", xs, shape, name, axis=axis)

    def flatten(self, x, name):
        shape = self.shape(x)
        return self.node("Flatten", [x], [shape[0], math.prod(shape[1:])],
                         name, axis=1)

    def reshape(self, x, shape, name):
        if math.prod(shape) != math.prod(self.shape(x)):
            raise ValueError(
                f"{name}: cannot reshape {self.shape(x)} to {shape}")
        return self.node("Reshape",
                         [x, self.constant(np.array(shape, dtype=np.int64))],
                         shape, name)

    def transpose(self, x, perm, name):
        shape = self.shape(x)
        return self.node("Transpose", [x], [shape[p] for p in perm], name,
                         perm=list(perm))

    def pad(self, x, pads, name):
        """Zero Pad of the two spatial dims: (top, left, bottom, right);
        negative values crop."""
        n, c, h, w = self.shape(x)
        top, left, bottom, right = pads
        onnx_pads = np.array([0, 0, top, left, 0, 0, bottom, right],
                             dtype=np.int64)
        return self.node("Pad", [x, self.constant(onnx_pads)],
                         [n, c, h + top + bottom, w + left + right], name,
                         mode="constant")

    # -- fully connected and transformer layers -------------------------------

    def gemm(self, x, nout, name):
        """A fully connected layer as PyTorch stores it: W is [out, in]."""
        n, nin = self.shape(x)
        w = self.weight(f"{name}.weight", [nout, nin])
        b = self.weight(f"{name}.bias", [nout])
        return self.node("Gemm", [x, w, b], [n, nout], name, transB=1)

    def matmul(self, a, b, name):
        sa, sb = self.shape(a), self.shape(b)
        if sa[-1] != sb[-2]:
            raise ValueError(f"{name}: cannot multiply {sa} by {sb}")
        batch = _broadcast(sa[:-2], sb[:-2])
        return self.node("MatMul", [a, b], batch + [sa[-2], sb[-1]], name)

    def linear(self, x, nout, name):
        """MatMul by a [in, out] weight plus a bias, as PyTorch exports
        nn.Linear on 3-D activations."""
        w = self.weight(f"{name}.weight", [self.shape(x)[-1], nout])
        y = self.matmul(x, w, f"{name}.matmul")
        return self.add(y, self.weight(f"{name}.bias", [nout]), name)

    def layer_norm(self, x, name, epsilon):
        """LayerNormalization is opset 17; opset 13 spells it out over the
        last axis (as exporters do)."""
        shape = self.shape(x)
        reduced = shape[:-1] + [1]
        mean = self.node("ReduceMean", [x], reduced, f"{name}.mean",
                         axes=[-1], keepdims=1)
        d = self.node("Sub", [x, mean], shape, f"{name}.center")
        sq = self.node("Pow", [d, self.constant(np.float32(2))], shape,
                       f"{name}.square")
        var = self.node("ReduceMean", [sq], reduced, f"{name}.var",
                        axes=[-1], keepdims=1)
        var = self.add(var, self.constant(np.float32(epsilon)), f"{name}.eps")
        std = self.node("Sqrt", [var], reduced, f"{name}.std")
        y = self.node("Div", [d, std], shape, f"{name}.normalize")
        y = self.mul(y, self.weight(f"{name}.weight", [shape[-1]]),
                     f"{name}.gamma")
        return self.add(y, self.weight(f"{name}.bias", [shape[-1]]), name)

    def gelu(self, x, name):
        """Exact GELU, x * 0.5 * (1 + erf(x / sqrt(2))) (Gelu is opset 20)."""
        t = self.node("Div", [x, self.constant(np.float32(math.sqrt(2)))],
                      self.shape(x), f"{name}.div")
        t = self.node("Erf", [t], self.shape(x), f"{name}.erf")
        t = self.add(t, self.constant(np.float32(1)), f"{name}.add")
        t = self.mul(x, t, f"{name}.mul")
        return self.scale(t, 0.5, name)

    def attention(self, x, heads, name):
        """Multi-head self-attention with Q, K, V and output projections."""
        n, seq, dim = self.shape(x)
        hd = dim // heads

        def split(t, perm, label):
            t = self.reshape(t, [n, seq, heads, hd], f"{name}.{label}.heads")
            return self.transpose(t, perm, f"{name}.{label}.transpose")

        q = split(self.linear(x, dim, f"{name}.query"), (0, 2, 1, 3), "query")
        k = split(self.linear(x, dim, f"{name}.key"), (0, 2, 3, 1), "key")
        v = split(self.linear(x, dim, f"{name}.value"), (0, 2, 1, 3), "value")
        s = self.matmul(q, k, f"{name}.scores")
        s = self.node("Div", [s, self.constant(np.float32(math.sqrt(hd)))],
                      self.shape(s), f"{name}.scale")
        p = self.node("Softmax", [s], self.shape(s), f"{name}.softmax", axis=-1)
        ctx = self.matmul(p, v, f"{name}.context")
        ctx = self.transpose(ctx, (0, 2, 1, 3), f"{name}.merge")
        ctx = self.reshape(ctx, [n, seq, dim], f"{name}.merge.reshape")
        return self.linear(ctx, dim, f"{name}.output")


# ===========================================================================
# Classic CNNs (torchvision layouts)
# ===========================================================================

def alexnet(size=224):
    """AlexNet, torchvision's one-tower variant (64-192-384-256-256)."""
    g = Graph("alexnet", [1, 3, size, size])
    x = g.relu(g.conv("input", 64, 11, "features.0", stride=4,
                      pads=(2, 2, 2, 2), bias=True), "features.1")
    x = g.maxpool(x, 3, 2, "features.2")
    x = g.relu(g.conv(x, 192, 5, "features.3", bias=True), "features.4")
    x = g.maxpool(x, 3, 2, "features.5")
    x = g.relu(g.conv(x, 384, 3, "features.6", bias=True), "features.7")
    x = g.relu(g.conv(x, 256, 3, "features.8", bias=True), "features.9")
    x = g.relu(g.conv(x, 256, 3, "features.10", bias=True), "features.11")
    x = g.maxpool(x, 3, 2, "features.12")  # 6x6: the adaptive pool is a no-op
    x = g.flatten(x, "flatten")
    x = g.relu(g.gemm(x, 4096, "classifier.1"), "classifier.2")
    x = g.relu(g.gemm(x, 4096, "classifier.4"), "classifier.5")
    g.output(g.gemm(x, 1000, "classifier.6"))
    return g


def vgg16(size=224):
    """VGG-16 (configuration D), no batch norm."""
    g = Graph("vgg16", [1, 3, size, size])
    x, i = "input", 0
    for width, convs in [(64, 2), (128, 2), (256, 3), (512, 3), (512, 3)]:
        for j in range(convs):
            x = g.relu(g.conv(x, width, 3, f"features.{i}", bias=True),
                       f"features.{i + 1}")
            i += 2
        x = g.maxpool(x, 2, 2, f"features.{i}")
        i += 1
    x = g.flatten(x, "flatten")
    x = g.relu(g.gemm(x, 4096, "classifier.0"), "classifier.1")
    x = g.relu(g.gemm(x, 4096, "classifier.3"), "classifier.4")
    g.output(g.gemm(x, 1000, "classifier.6"))
    return g


def _resnet_stem(g):
    x = g.conv_bn("input", 64, 7, "conv1", stride=2)
    return g.maxpool(x, 3, 2, "maxpool", pads=(1, 1, 1, 1))


def _basic_block(g, x, planes, stride, name):
    out = g.conv_bn(x, planes, 3, f"{name}.conv1", stride=stride)
    out = g.conv_bn(out, planes, 3, f"{name}.conv2", act=None)
    if stride != 1 or g.shape(x)[1] != planes:
        x = g.conv_bn(x, planes, 1, f"{name}.downsample", stride=stride,
                      act=None)
    return g.relu(g.add(out, x, f"{name}.add"), f"{name}.relu")


def _bottleneck(g, x, planes, stride, name, groups=1, width=None,
                se_reduction=None):
    """ResNet v1.5 bottleneck (stride on the 3x3); with groups it is
    ResNeXt's, with se_reduction SENet's."""
    width = width or planes
    out = g.conv_bn(x, width, 1, f"{name}.conv1")
    out = g.conv_bn(out, width, 3, f"{name}.conv2", stride=stride, group=groups)
    out = g.conv_bn(out, planes * 4, 1, f"{name}.conv3", act=None)
    if se_reduction:
        out = g.squeeze_excite(out, planes * 4 // se_reduction, f"{name}.se")
    if stride != 1 or g.shape(x)[1] != planes * 4:
        x = g.conv_bn(x, planes * 4, 1, f"{name}.downsample", stride=stride,
                      act=None)
    return g.relu(g.add(out, x, f"{name}.add"), f"{name}.relu")


def _resnet(name, blocks, bottleneck, size=224, **kw):
    g = Graph(name, [1, 3, size, size])
    x = _resnet_stem(g)
    for stage, count in enumerate(blocks):
        planes = 64 << stage
        for b in range(count):
            stride = 2 if stage > 0 and b == 0 else 1
            label = f"layer{stage + 1}.{b}"
            if bottleneck:
                width = None
                if "groups" in kw:  # ResNeXt: groups x base width per group
                    width = kw["groups"] * kw["base_width"] * planes // 64
                x = _bottleneck(g, x, planes, stride, label,
                                groups=kw.get("groups", 1), width=width,
                                se_reduction=kw.get("se_reduction"))
            else:
                x = _basic_block(g, x, planes, stride, label)
    x = g.flatten(g.gap(x, "avgpool"), "flatten")
    g.output(g.gemm(x, 1000, "fc"))
    return g


def resnet18(size=224):
    return _resnet("resnet18", [2, 2, 2, 2], bottleneck=False, size=size)


def resnet50(size=224):
    return _resnet("resnet50", [3, 4, 6, 3], bottleneck=True, size=size)


def se_resnext50_32x4d(size=224):
    """SE-ResNeXt-50 (32x4d): ResNeXt-50 bottlenecks with squeeze-and-excite
    (reduction 16) before the residual add."""
    return _resnet("se_resnext50_32x4d", [3, 4, 6, 3], bottleneck=True,
                   groups=32, base_width=4, se_reduction=16, size=size)


def densenet201(size=224):
    """DenseNet-201: growth 32, blocks 6-12-48-32, bottleneck 4x growth,
    transitions halve the channels."""
    g = Graph("densenet201", [1, 3, size, size])
    x = g.conv_bn("input", 64, 7, "features.conv0", stride=2)
    x = g.maxpool(x, 3, 2, "features.pool0", pads=(1, 1, 1, 1))
    growth = 32
    for b, layers in enumerate([6, 12, 48, 32]):
        for i in range(layers):
            name = f"features.denseblock{b + 1}.denselayer{i + 1}"
            y = g.relu(g.bn(x, f"{name}.norm1"), f"{name}.relu1")
            y = g.conv(y, 4 * growth, 1, f"{name}.conv1")
            y = g.relu(g.bn(y, f"{name}.norm2"), f"{name}.relu2")
            y = g.conv(y, growth, 3, f"{name}.conv2")
            x = g.concat([x, y], f"{name}.concat")
        if b < 3:
            name = f"features.transition{b + 1}"
            x = g.relu(g.bn(x, f"{name}.norm"), f"{name}.relu")
            x = g.conv(x, g.shape(x)[1] // 2, 1, f"{name}.conv")
            x = g.avgpool(x, 2, 2, f"{name}.pool")
    x = g.relu(g.bn(x, "features.norm5"), "features.relu5")
    x = g.flatten(g.gap(x, "avgpool"), "flatten")
    g.output(g.gemm(x, 1000, "classifier"))
    return g


# ===========================================================================
# Mobile networks
# ===========================================================================

def _make_divisible(v, divisor=8):
    new = max(divisor, int(v + divisor / 2) // divisor * divisor)
    if new < 0.9 * v:
        new += divisor
    return new


def mobilenet_v1(size=224):
    """MobileNetV1 1.0-224: 13 depthwise-separable blocks, ReLU6 as in the
    Keras reference, a 1x1 conv classifier."""
    g = Graph("mobilenet_v1", [1, 3, size, size])
    x = g.conv_bn("input", 32, 3, "conv1", stride=2, act="relu6",
                  pads="same", bn_eps=1e-3)
    blocks = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2)] + \
        [(512, 1)] * 5 + [(1024, 2), (1024, 1)]
    for i, (cout, stride) in enumerate(blocks):
        cin = g.shape(x)[1]
        x = g.conv_bn(x, cin, 3, f"conv_dw_{i + 1}", stride=stride, group=cin,
                      act="relu6", pads="same", bn_eps=1e-3)
        x = g.conv_bn(x, cout, 1, f"conv_pw_{i + 1}", act="relu6",
                      bn_eps=1e-3)
    x = g.gap(x, "global_pool")
    x = g.conv(x, 1000, 1, "conv_preds", bias=True)
    g.output(g.flatten(x, "reshape"))
    return g


def mobilenet_v2(size=224):
    """MobileNetV2 1.0-224 (inverted residuals, linear bottlenecks)."""
    g = Graph("mobilenet_v2", [1, 3, size, size])
    x = g.conv_bn("input", 32, 3, "features.0", stride=2, act="relu6")
    i = 1
    for t, c, n, s in [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2),
                       (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2),
                       (6, 320, 1, 1)]:
        for j in range(n):
            name = f"features.{i}"
            stride = s if j == 0 else 1
            cin = g.shape(x)[1]
            y = x
            if t != 1:
                y = g.conv_bn(y, cin * t, 1, f"{name}.expand", act="relu6")
            y = g.conv_bn(y, cin * t, 3, f"{name}.dw", stride=stride,
                          group=cin * t, act="relu6")
            y = g.conv_bn(y, c, 1, f"{name}.project", act=None)
            x = g.add(x, y, f"{name}.add") if stride == 1 and cin == c else y
            i += 1
    x = g.conv_bn(x, 1280, 1, f"features.{i}", act="relu6")
    x = g.flatten(g.gap(x, "avgpool"), "flatten")
    g.output(g.gemm(x, 1000, "classifier.1"))
    return g


def _mobilenet_v3(name, settings, last_channels, size):
    """torchvision's MobileNetV3: (kernel, expanded, out, SE, activation,
    stride) per block; SE squeezes to expanded/4 rounded to 8."""
    g = Graph(name, [1, 3, size, size])
    x = g.conv_bn("input", 16, 3, "features.0", stride=2, act="hswish",
                  bn_eps=1e-3)
    for i, (k, exp, out, se, act, stride) in enumerate(settings, start=1):
        label = f"features.{i}"
        cin = g.shape(x)[1]
        y = x
        if exp != cin:
            y = g.conv_bn(y, exp, 1, f"{label}.expand", act=act, bn_eps=1e-3)
        y = g.conv_bn(y, exp, k, f"{label}.dw", stride=stride, group=exp,
                      act=act, bn_eps=1e-3)
        if se:
            y = g.squeeze_excite(y, _make_divisible(exp // 4), f"{label}.se",
                                 gate="hardsigmoid")
        y = g.conv_bn(y, out, 1, f"{label}.project", act=None, bn_eps=1e-3)
        x = g.add(x, y, f"{label}.add") if stride == 1 and cin == out else y
    x = g.conv_bn(x, 6 * g.shape(x)[1], 1, f"features.{len(settings) + 1}",
                  act="hswish", bn_eps=1e-3)
    x = g.flatten(g.gap(x, "avgpool"), "flatten")
    x = g.hardswish(g.gemm(x, last_channels, "classifier.0"), "classifier.1")
    g.output(g.gemm(x, 1000, "classifier.3"))
    return g


def mobilenet_v3_small(size=224):
    RE, HS = "relu", "hswish"
    return _mobilenet_v3("mobilenet_v3_small", [
        (3, 16, 16, True, RE, 2),
        (3, 72, 24, False, RE, 2),
        (3, 88, 24, False, RE, 1),
        (5, 96, 40, True, HS, 2),
        (5, 240, 40, True, HS, 1),
        (5, 240, 40, True, HS, 1),
        (5, 120, 48, True, HS, 1),
        (5, 144, 48, True, HS, 1),
        (5, 288, 96, True, HS, 2),
        (5, 576, 96, True, HS, 1),
        (5, 576, 96, True, HS, 1),
    ], 1024, size)


def mobilenet_v3_large(size=224):
    RE, HS = "relu", "hswish"
    return _mobilenet_v3("mobilenet_v3_large", [
        (3, 16, 16, False, RE, 1),
        (3, 64, 24, False, RE, 2),
        (3, 72, 24, False, RE, 1),
        (5, 72, 40, True, RE, 2),
        (5, 120, 40, True, RE, 1),
        (5, 120, 40, True, RE, 1),
        (3, 240, 80, False, HS, 2),
        (3, 200, 80, False, HS, 1),
        (3, 184, 80, False, HS, 1),
        (3, 184, 80, False, HS, 1),
        (3, 480, 112, True, HS, 1),
        (3, 672, 112, True, HS, 1),
        (5, 672, 160, True, HS, 2),
        (5, 960, 160, True, HS, 1),
        (5, 960, 160, True, HS, 1),
    ], 1280, size)


def efficientnet_b0(size=224):
    """EfficientNet-B0: MBConv blocks with swish and squeeze-and-excite
    (squeezing to a quarter of the block's input channels)."""
    g = Graph("efficientnet_b0", [1, 3, size, size])
    x = g.conv_bn("input", 32, 3, "features.0", stride=2, act="swish")
    stage = 1
    for expand, k, s, cout, n in [(1, 3, 1, 16, 1), (6, 3, 2, 24, 2),
                                  (6, 5, 2, 40, 2), (6, 3, 2, 80, 3),
                                  (6, 5, 1, 112, 3), (6, 5, 2, 192, 4),
                                  (6, 3, 1, 320, 1)]:
        for j in range(n):
            name = f"features.{stage}.{j}"
            stride = s if j == 0 else 1
            cin = g.shape(x)[1]
            exp = cin * expand
            y = x
            if expand != 1:
                y = g.conv_bn(y, exp, 1, f"{name}.expand", act="swish")
            y = g.conv_bn(y, exp, k, f"{name}.dw", stride=stride, group=exp,
                          act="swish")
            y = g.squeeze_excite(y, max(1, cin // 4), f"{name}.se", act="swish")
            y = g.conv_bn(y, cout, 1, f"{name}.project", act=None)
            x = g.add(x, y, f"{name}.add") if stride == 1 and cin == cout else y
        stage += 1
    x = g.conv_bn(x, 1280, 1, "features.8", act="swish")
    x = g.flatten(g.gap(x, "avgpool"), "flatten")
    g.output(g.gemm(x, 1000, "classifier.1"))
    return g


# ===========================================================================
# TensorFlow-era networks (299x299 / Keras layouts, 'same' padding)
# ===========================================================================

def _sep_conv(g, x, cout, k, name, stride=1, pads="same"):
    """Depthwise k x k then pointwise 1x1, both without bias (Keras
    SeparableConv2D)."""
    cin = g.shape(x)[1]
    x = g.conv(x, cin, k, f"{name}.depthwise", stride=stride, group=cin,
               pads=pads)
    return g.conv(x, cout, 1, f"{name}.pointwise")


def xception(size=299):
    """Xception: entry flow, 8 middle blocks of three separable convs,
    exit flow; every separable conv is followed by batch norm."""
    g = Graph("xception", [1, 3, size, size])
    eps = 1e-3
    x = g.conv_bn("input", 32, 3, "block1_conv1", stride=2, pads="valid",
                  bn_eps=eps)
    x = g.conv_bn(x, 64, 3, "block1_conv2", pads="valid", bn_eps=eps)

    def down_block(x, widths, name, first_relu=True):
        res = g.conv_bn(x, widths[-1], 1, f"{name}.residual", stride=2,
                        pads="same", act=None, bn_eps=eps)
        for i, w in enumerate(widths):
            if i > 0 or first_relu:
                x = g.relu(x, f"{name}.sepconv{i + 1}_act")
            x = g.bn(_sep_conv(g, x, w, 3, f"{name}.sepconv{i + 1}"),
                     f"{name}.sepconv{i + 1}_bn", epsilon=eps)
        x = g.maxpool(x, 3, 2, f"{name}.pool", pads="same")
        return g.add(x, res, f"{name}.add")

    x = down_block(x, [128, 128], "block2", first_relu=False)
    x = down_block(x, [256, 256], "block3")
    x = down_block(x, [728, 728], "block4")
    for b in range(5, 13):
        res = x
        for i in range(3):
            x = g.relu(x, f"block{b}.sepconv{i + 1}_act")
            x = g.bn(_sep_conv(g, x, 728, 3, f"block{b}.sepconv{i + 1}"),
                     f"block{b}.sepconv{i + 1}_bn", epsilon=eps)
        x = g.add(x, res, f"block{b}.add")
    x = down_block(x, [728, 1024], "block13")
    for i, w in enumerate([1536, 2048]):
        x = g.bn(_sep_conv(g, x, w, 3, f"block14.sepconv{i + 1}"),
                 f"block14.sepconv{i + 1}_bn", epsilon=eps)
        x = g.relu(x, f"block14.sepconv{i + 1}_act")
    x = g.flatten(g.gap(x, "avg_pool"), "flatten")
    g.output(g.gemm(x, 1000, "predictions"))
    return g


def inception_resnet_v2(size=299):
    """Inception-ResNet-v2 (the TF-slim / Keras layout): stem, mixed_5b,
    10 x block35, mixed_6a, 20 x block17, mixed_7a, 10 x block8, conv_7b."""
    g = Graph("inception_resnet_v2", [1, 3, size, size])
    count = [0]

    def cbr(x, cout, k, stride=1, pads="same", act="relu"):
        count[0] += 1
        return g.conv_bn(x, cout, k, f"conv2d_{count[0]}", stride=stride,
                         pads=pads, act=act, bn_eps=1e-3)

    x = cbr("input", 32, 3, stride=2, pads="valid")
    x = cbr(x, 32, 3, pads="valid")
    x = cbr(x, 64, 3)
    x = g.maxpool(x, 3, 2, "stem_pool1")
    x = cbr(x, 80, 1, pads="valid")
    x = cbr(x, 192, 3, pads="valid")
    x = g.maxpool(x, 3, 2, "stem_pool2")

    b0 = cbr(x, 96, 1)
    b1 = cbr(cbr(x, 48, 1), 64, 5)
    b2 = cbr(cbr(cbr(x, 64, 1), 96, 3), 96, 3)
    b3 = cbr(g.avgpool(x, 3, 1, "mixed_5b.pool", pads="same"), 64, 1)
    x = g.concat([b0, b1, b2, b3], "mixed_5b")

    def residual(x, branches, scale, name, act=True):
        mixed = g.concat(branches, f"{name}.mixed")
        up = g.conv(mixed, g.shape(x)[1], 1, f"{name}.conv", bias=True)
        x = g.add(x, g.scale(up, scale, f"{name}.scale"), f"{name}.add")
        return g.relu(x, f"{name}.act") if act else x

    for i in range(10):
        b0 = cbr(x, 32, 1)
        b1 = cbr(cbr(x, 32, 1), 32, 3)
        b2 = cbr(cbr(cbr(x, 32, 1), 48, 3), 64, 3)
        x = residual(x, [b0, b1, b2], 0.17, f"block35_{i + 1}")

    b0 = cbr(x, 384, 3, stride=2, pads="valid")
    b1 = cbr(cbr(cbr(x, 256, 1), 256, 3), 384, 3, stride=2, pads="valid")
    b2 = g.maxpool(x, 3, 2, "mixed_6a.pool")
    x = g.concat([b0, b1, b2], "mixed_6a")

    for i in range(20):
        b0 = cbr(x, 192, 1)
        b1 = cbr(cbr(cbr(x, 128, 1), 160, (1, 7)), 192, (7, 1))
        x = residual(x, [b0, b1], 0.1, f"block17_{i + 1}")

    b0 = cbr(cbr(x, 256, 1), 384, 3, stride=2, pads="valid")
    b1 = cbr(cbr(x, 256, 1), 288, 3, stride=2, pads="valid")
    b2 = cbr(cbr(cbr(x, 256, 1), 288, 3), 320, 3, stride=2, pads="valid")
    b3 = g.maxpool(x, 3, 2, "mixed_7a.pool")
    x = g.concat([b0, b1, b2, b3], "mixed_7a")

    for i in range(10):
        b0 = cbr(x, 192, 1)
        b1 = cbr(cbr(cbr(x, 192, 1), 224, (1, 3)), 256, (3, 1))
        last = i == 9  # the last block8 has scale 1 and no activation
        x = residual(x, [b0, b1], 1.0 if last else 0.2, f"block8_{i + 1}",
                     act=not last)

    x = cbr(x, 1536, 1)
    x = g.flatten(g.gap(x, "avg_pool"), "flatten")
    g.output(g.gemm(x, 1000, "predictions"))
    return g


def nasnet_mobile(size=224):
    """NASNet-A Mobile (4 @ 1056): a 32-filter stem, two stem reduction
    cells, then 3 x (4 normal cells) separated by two reduction cells,
    filters 44-88-176 (the Keras layout)."""
    g = Graph("nasnet_mobile", [1, 3, size, size])
    eps = 1e-3

    def bn(x, name):
        return g.bn(x, name, epsilon=eps)

    def sep_block(x, cout, k, name, stride=1):
        # relu, sep conv (strided: TF's 'correct_pad' then valid), bn, relu,
        # sep conv, bn.
        x = g.relu(x, f"{name}.act1")
        if stride == 2:
            h = g.shape(x)[2]
            adjust = 1 - h % 2
            pads = (k // 2 - adjust, k // 2 - adjust, k // 2, k // 2)
        else:
            pads = "same"
        x = bn(_sep_conv(g, x, cout, k, f"{name}.sep1", stride=stride,
                         pads=pads), f"{name}.bn1")
        x = g.relu(x, f"{name}.act2")
        return bn(_sep_conv(g, x, cout, k, f"{name}.sep2"), f"{name}.bn2")

    def adjust(p, ip, filters, name):
        """Brings the previous cell's output to this cell's size: a
        factorized reduction when the spatial size halves, a 1x1 conv when
        only the channels differ."""
        if p is None:
            return ip
        if g.shape(p)[2] != g.shape(ip)[2]:
            p = g.relu(p, f"{name}.act")
            p1 = g.avgpool(p, 1, 2, f"{name}.path1.pool")
            p1 = g.conv(p1, filters // 2, 1, f"{name}.path1.conv")
            # Shift by one pixel: pad bottom/right, crop top/left.
            p2 = g.pad(p, (-1, -1, 1, 1), f"{name}.path2.shift")
            p2 = g.avgpool(p2, 1, 2, f"{name}.path2.pool")
            p2 = g.conv(p2, filters // 2, 1, f"{name}.path2.conv")
            return bn(g.concat([p1, p2], f"{name}.concat"), f"{name}.bn")
        if g.shape(p)[1] != filters:
            p = g.relu(p, f"{name}.act")
            return bn(g.conv(p, filters, 1, f"{name}.conv"), f"{name}.bn")
        return p

    def squeeze(ip, filters, name):
        h = g.relu(ip, f"{name}.act")
        return bn(g.conv(h, filters, 1, f"{name}.conv"), f"{name}.bn")

    def normal_cell(ip, p, filters, name):
        p = adjust(p, ip, filters, f"{name}.adjust")
        h = squeeze(ip, filters, f"{name}.squeeze")
        x1 = g.add(sep_block(h, filters, 5, f"{name}.left1"),
                   sep_block(p, filters, 3, f"{name}.right1"), f"{name}.add1")
        x2 = g.add(sep_block(p, filters, 5, f"{name}.left2"),
                   sep_block(p, filters, 3, f"{name}.right2"), f"{name}.add2")
        x3 = g.add(g.avgpool(h, 3, 1, f"{name}.left3", pads="same"), p,
                   f"{name}.add3")
        x4 = g.add(g.avgpool(p, 3, 1, f"{name}.left4", pads="same"),
                   g.avgpool(p, 3, 1, f"{name}.right4", pads="same"),
                   f"{name}.add4")
        x5 = g.add(sep_block(h, filters, 3, f"{name}.left5"), h,
                   f"{name}.add5")
        return g.concat([p, x1, x2, x3, x4, x5], f"{name}.concat"), ip

    def reduction_cell(ip, p, filters, name):
        p = adjust(p, ip, filters, f"{name}.adjust")
        h = squeeze(ip, filters, f"{name}.squeeze")
        hh = g.shape(h)[2]
        a = 1 - hh % 2
        pool_pads = (1 - a, 1 - a, 1, 1)  # TF 'correct_pad' for 3x3
        x1 = g.add(sep_block(h, filters, 5, f"{name}.left1", stride=2),
                   sep_block(p, filters, 7, f"{name}.right1", stride=2),
                   f"{name}.add1")
        x2 = g.add(g.maxpool(h, 3, 2, f"{name}.left2", pads=pool_pads),
                   sep_block(p, filters, 7, f"{name}.right2", stride=2),
                   f"{name}.add2")
        x3 = g.add(g.avgpool(h, 3, 2, f"{name}.left3", pads=pool_pads,
                             count_include_pad=1),
                   sep_block(p, filters, 5, f"{name}.right3", stride=2),
                   f"{name}.add3")
        x4 = g.add(x2, g.avgpool(x1, 3, 1, f"{name}.left4", pads="same"),
                   f"{name}.add4")
        x5 = g.add(sep_block(x1, filters, 3, f"{name}.left5"),
                   g.maxpool(h, 3, 2, f"{name}.right5", pads=pool_pads),
                   f"{name}.add5")
        return g.concat([x2, x3, x4, x5], f"{name}.concat"), ip

    x = g.conv("input", 32, 3, "stem_conv1", stride=2, pads="valid")
    x = bn(x, "stem_bn1")
    filters = 1056 // 24
    x, p = reduction_cell(x, None, filters // 4, "stem_1")
    x, p = reduction_cell(x, p, filters // 2, "stem_2")
    for stage in range(3):
        if stage > 0:
            x, p = reduction_cell(x, p, filters, f"reduce_{4 * stage}")
        for i in range(4):
            x, p = normal_cell(x, p, filters, f"normal_{4 * stage + i}")
        filters *= 2
    x = g.relu(x, "final_act")
    x = g.flatten(g.gap(x, "avg_pool"), "flatten")
    g.output(g.gemm(x, 1000, "predictions"))
    return g


# ===========================================================================
# Transformers
# ===========================================================================

def _encoder_block(g, x, name, heads, mlp, pre_norm, eps):
    if pre_norm:  # ViT: x + attn(ln(x)), x + mlp(ln(x))
        y = g.attention(g.layer_norm(x, f"{name}.ln_1", eps), heads,
                        f"{name}.attention")
        x = g.add(x, y, f"{name}.add_1")
        y = g.layer_norm(x, f"{name}.ln_2", eps)
        y = g.linear(g.gelu(g.linear(y, mlp, f"{name}.mlp.0"),
                            f"{name}.mlp.1"), g.shape(x)[-1], f"{name}.mlp.3")
        return g.add(x, y, f"{name}.add_2")
    # BERT: ln(x + attn(x)), ln(x + ffn(x))
    y = g.attention(x, heads, f"{name}.attention")
    x = g.layer_norm(g.add(x, y, f"{name}.attention.add"),
                     f"{name}.attention.output.LayerNorm", eps)
    y = g.linear(g.gelu(g.linear(x, mlp, f"{name}.intermediate.dense"),
                        f"{name}.intermediate.gelu"),
                 g.shape(x)[-1], f"{name}.output.dense")
    return g.layer_norm(g.add(x, y, f"{name}.output.add"),
                        f"{name}.output.LayerNorm", eps)


def bert_base_layer(seq=128):
    """One BERT-base encoder layer: hidden 768, 12 heads, FFN 3072,
    sequence 128; the input is the embedded sequence."""
    g = Graph("bert_base_layer", [1, seq, 768])
    g.output(_encoder_block(g, "input", "encoder.layer.0", heads=12, mlp=3072,
                            pre_norm=False, eps=1e-12))
    return g


def vit_b16_block(size=224):
    """ViT-B/16 at 224x224: the patch embedding (16x16 stride-16 conv,
    class token, position embedding) and the first encoder block."""
    g = Graph("vit_b16_block", [1, 3, size, size])
    x = g.conv("input", 768, 16, "conv_proj", stride=16, pads="valid",
               bias=True)
    patches = (size // 16) ** 2
    x = g.reshape(x, [1, 768, patches], "patches")
    x = g.transpose(x, (0, 2, 1), "tokens")
    x = g.concat([g.weight("class_token", [1, 1, 768]), x], "with_class",
                 axis=1)
    x = g.add(x, g.weight("encoder.pos_embedding", [1, patches + 1, 768]),
              "encoder.pos")
    g.output(_encoder_block(g, x, "encoder.layers.encoder_layer_0", heads=12,
                            mlp=3072, pre_norm=True, eps=1e-6))
    return g


MODELS = {
    "alexnet": alexnet,
    "vgg16": vgg16,
    "resnet18": resnet18,
    "resnet50": resnet50,
    "mobilenet_v1": mobilenet_v1,
    "mobilenet_v2": mobilenet_v2,
    "mobilenet_v3_small": mobilenet_v3_small,
    "mobilenet_v3_large": mobilenet_v3_large,
    "densenet201": densenet201,
    "xception": xception,
    "se_resnext50_32x4d": se_resnext50_32x4d,
    "inception_resnet_v2": inception_resnet_v2,
    "efficientnet_b0": efficientnet_b0,
    "nasnet_mobile": nasnet_mobile,
    "bert_base_layer": bert_base_layer,
    "vit_b16_block": vit_b16_block,
}


def build(name, image_size=None, seq_len=None):
    """MODELS[name] at its published input size, or scaled down: another
    image size (every model but BERT) or sequence length (BERT). Small
    inputs make the networks cheap enough to execute in tests."""
    if name == "bert_base_layer":
        return MODELS[name](**({"seq": seq_len} if seq_len else {}))
    return MODELS[name](**({"size": image_size} if image_size else {}))
