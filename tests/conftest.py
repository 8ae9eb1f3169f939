import os

# Keep TensorFlow's start-up noise out of test logs; quick mode unless a test says otherwise.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
