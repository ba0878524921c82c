"""Puts the Dhii Python SDK on the path of the tests (the runtime puts it on the plugin's PYTHONPATH)."""
import os
import sys

sys.path.insert(0, os.path.abspath(os.path.dirname(__file__)))
sys.path.insert(1, os.environ.get("DHII_SDK_PYTHON") or {{sdkPath}})
