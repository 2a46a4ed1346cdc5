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
    checked["probabilities_shape"] = list(got.shape)
    checked["tensorflow"] = tf.__version__


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
