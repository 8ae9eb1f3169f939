import os

from lstm_book.runtime import TF_ENV

# Keep TensorFlow's start-up noise out of test logs; quick mode unless a test says otherwise.
for _key, _value in TF_ENV.items():
    os.environ.setdefault(_key, _value)
