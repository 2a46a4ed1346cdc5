"""Checks a bertune export in TensorFlow for Python, as TF Serving would load it.

Usage: check_export.py EXPORT_DIR CASES_JSON [TENSORBOARD_DIR]

CASES_JSON holds {"input_ids": [[...]], "input_mask": [[...]], "segment_ids": [[...]], "probabilities": [...]}:
token ids and the probabilities bertune computed for them. Prints one JSON object with what was checked and exits
non-zero when a check fails.
"""
import json
import os
import subprocess
import sys

import numpy as np
import tensorflow as tf


def fail(msg):
    print(json.dumps({"ok": False, "error": msg}))
    sys.exit(1)


def check_cli(export_dir, checked):
    tool = os.path.join(os.path.dirname(sys.executable), "saved_model_cli")  # the venv's own
    cli = subprocess.run([tool, "show", "--dir", export_dir, "--all"], capture_output=True, text=True)
    if cli.returncode != 0:
        fail("saved_model_cli failed: " + cli.stderr[-2000:])
    out = cli.stdout
    for needle in ["MetaGraphDef with tag-set: 'serve'", "signature_def['serving_default']",
                   "Method name is: tensorflow/serving/predict"]:
        if needle not in out:
            fail("saved_model_cli output lacks " + needle + ":\n" + out[-3000:])
    for name in ["input_ids", "input_mask", "segment_ids"]:
        block = out.split("inputs['" + name + "'] tensor_info:")[1].split("name:")[0]
        if "DT_INT32" not in block or "shape: (-1, -1)" not in block:
            fail(name + " is not int32 [-1, -1]: " + block)
    checked["saved_model_cli"] = "tag serve, serving_default, tensorflow/serving/predict, inputs int32 (-1, -1)"


def check_outputs(export_dir, cases, checked):
    model = tf.saved_model.load(export_dir, tags=["serve"])
    fn = model.signatures["serving_default"]
    feed = {k: tf.constant(np.array(cases[k], dtype=np.int32)) for k in ["input_ids", "input_mask", "segment_ids"]}
    out = fn(**feed)
    got = out["probabilities"].numpy()
    expected = np.array(cases["probabilities"], dtype=np.float32)
    if got.shape != expected.shape:
        fail("probabilities shape %s, bertune's %s" % (got.shape, expected.shape))
    diff = float(np.max(np.abs(got - expected)))
    if not diff <= 1e-5:
        fail("probabilities differ from bertune's by %g" % diff)
    checked["max_abs_difference"] = diff
    if "windows" in cases:
        check_windows(model, cases["windows"], checked)
    check_warmup(export_dir, fn, checked)
    checked["probabilities_shape"] = list(got.shape)
    checked["tensorflow"] = tf.__version__


def check_windows(model, cases, checked):
    """serving_windows: texts as windows [D, W, T] with a window mask [D, W] give bertune's document
    probabilities."""
    if "serving_windows" not in model.signatures:
        fail("no serving_windows signature")
    fn = model.signatures["serving_windows"]
    feed = {k: tf.constant(np.array(cases[k], dtype=np.int32)) for k in ["input_ids", "input_mask", "segment_ids"]}
    feed["window_mask"] = tf.constant(np.array(cases["window_mask"], dtype=np.float32))
    got = fn(**feed)["probabilities"].numpy()
    expected = np.array(cases["probabilities"], dtype=np.float32)
    if got.shape != expected.shape:
        fail("serving_windows probabilities shape %s, bertune's %s" % (got.shape, expected.shape))
    diff = float(np.max(np.abs(got - expected)))
    if not diff <= 1e-5:
        fail("serving_windows probabilities differ from bertune's by %g" % diff)
    checked["windows_max_abs_difference"] = diff
    checked["windows_shape"] = list(np.array(cases["input_ids"]).shape)


def fields(buf):
    """The (field number, bytes) pairs of length-delimited fields of a protobuf message, by hand."""
    out, i = [], 0
    while i < len(buf):
        key, i = varint(buf, i)
        number, wire = key >> 3, key & 7
        if wire == 2:
            length, i = varint(buf, i)
            out.append((number, bytes(buf[i:i + length])))
            i += length
        elif wire == 0:
            _, i = varint(buf, i)
        else:
            fail("unexpected wire type %d in field %d" % (wire, number))
    return out


def varint(buf, i):
    shift, value = 0, 0
    while True:
        b = buf[i]
        i += 1
        value |= (b & 0x7F) << shift
        if b < 0x80:
            return value, i
        shift += 7


def check_warmup(export_dir, fn, checked):
    """assets.extra/tf_serving_warmup_requests: TFRecord framing (CRCs checked by TF's reader), PredictionLog
    protos with a predict_log (6) whose request (1) names the model and serving_default and carries the three
    int32 [b, t] inputs, which the signature runs."""
    from tensorflow.core.framework import tensor_pb2
    path = os.path.join(export_dir, "assets.extra", "tf_serving_warmup_requests")
    records = [r.numpy() for r in tf.data.TFRecordDataset(path)]
    shapes = []
    for record in records:
        predict_log = dict(fields(record))[6]
        request = dict(fields(predict_log))[1]
        spec, inputs = None, {}
        for number, value in fields(request):
            if number == 1:
                spec = dict(fields(value))
            elif number == 2:
                entry = dict(fields(value))
                inputs[entry[1].decode()] = tf.make_ndarray(tensor_pb2.TensorProto.FromString(entry[2]))
        if spec is None or spec.get(3) != b"serving_default" or not spec.get(1):
            fail("warm-up request without a model name and serving_default: %s" % spec)
        if sorted(inputs) != ["input_ids", "input_mask", "segment_ids"]:
            fail("warm-up inputs %s" % sorted(inputs))
        if any(v.dtype != np.int32 or v.ndim != 2 for v in inputs.values()):
            fail("warm-up inputs must be int32 [b, t]")
        fn(**{k: tf.constant(v) for k, v in inputs.items()})
        shapes.append(list(inputs["input_ids"].shape))
    if len(records) < 2:
        fail("only %d warm-up requests" % len(records))
    checked["warmup_requests"] = shapes


def check_tensorboard(logdir, checked):
    from tensorboard.backend.event_processing import event_accumulator
    found = {}
    for part in ["train", "validation"]:
        acc = event_accumulator.EventAccumulator(logdir + "/" + part, size_guidance={"scalars": 0, "tensors": 0})
        acc.Reload()
        tags = acc.Tags()
        for tag in tags.get("scalars", []):
            found[part + "/" + tag] = [[e.step, e.value] for e in acc.Scalars(tag)]
        for tag in tags.get("tensors", []):
            found[part + "/" + tag] = [[e.step, float(tf.make_ndarray(e.tensor_proto))] for e in acc.Tensors(tag)]
    checked["tensorboard_scalars"] = found


def main():
    export_dir, cases_file = sys.argv[1], sys.argv[2]
    with open(cases_file) as f:
        cases = json.load(f)
    checked = {}
    check_cli(export_dir, checked)
    check_outputs(export_dir, cases, checked)
    if len(sys.argv) > 3:
        check_tensorboard(sys.argv[3], checked)
    checked["ok"] = True
    print(json.dumps(checked))


if __name__ == "__main__":
    main()
