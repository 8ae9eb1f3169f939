"""Builders for questionnaire checks (``"NN.qK"``): a letter, a number, or a name from the code.

Every chapter's ``CHECKS`` holds its questionnaire beside its exercises. The answers are
language-neutral (a letter such as ``"b"``, a number, a Keras or NumPy name), so a translated
chapter checks them the same way. Each builder returns an :class:`Exercise` whose
``wrong_answers`` the test suite tries.
"""

from lstm_book.book.exercises import Exercise

LETTERS = "abcd"


def _letter(answer):
    if not isinstance(answer, str):
        raise TypeError(f"answer must be a letter such as 'b', got {type(answer).__name__}")
    return answer.strip().strip(")").strip().lower()


def choice(question, right, hint, letters=LETTERS):
    """A multiple-choice question whose answer is one letter; every other letter is wrong.

    Parameters
    ----------
    question : str
        What the answer is (shown on a failed check).
    right : str
        The right letter, e.g. ``"b"``; ``"B"``, ``" b"`` and ``"b)"`` are accepted too.
    hint : str
        What to think about; it must not give the letter away.
    letters : str, optional
        The letters of the options, ``"abcd"`` by default.

    Returns
    -------
    Exercise
    """
    if right not in letters:
        raise ValueError(f"right must be one of {list(letters)}, got {right!r}")
    wrong = tuple(letter for letter in letters if letter != right)
    return Exercise(question=question, is_correct=lambda answer: _letter(answer) == right,
                    hint=hint, wrong_answers=(*wrong, 1, right + right))


def letters(question, right, hint, wrong, options=LETTERS):
    """A question with several right letters: the answer is a string of them in any order ("ac").

    Parameters
    ----------
    question, hint : str
        As for :func:`choice`.
    right : str
        The set of right letters, e.g. ``"ac"``.
    wrong : tuple of str
        Near misses the check must reject (e.g. one letter missing, one too many).
    options : str, optional
        The letters of the options.

    Returns
    -------
    Exercise
    """
    def is_correct(answer):
        chosen = sorted(ch for ch in _letter(answer) if ch not in " ,")
        if any(ch not in options for ch in chosen) or len(set(chosen)) != len(chosen):
            return False
        return chosen == sorted(right)

    return Exercise(question=question, is_correct=is_correct, hint=hint, wrong_answers=tuple(wrong))


def number(question, right, hint, wrong, tolerance=0.0):
    """A question whose answer is a number, right within ``tolerance`` (0: exactly).

    Parameters
    ----------
    question, hint : str
        As for :func:`choice`.
    right : int or float
        The right value.
    wrong : tuple of numbers
        Tempting wrong values (the usual slips), which the check must reject.
    tolerance : float, optional
        The largest accepted absolute difference.

    Returns
    -------
    Exercise
    """
    def is_correct(answer):
        if isinstance(answer, bool | str) or answer is None:
            return False
        return abs(float(answer) - right) <= tolerance

    return Exercise(question=question, is_correct=is_correct, hint=hint,
                    wrong_answers=(*wrong, str(right)))


def name(question, accepted, hint, wrong):
    """A question whose answer is a short name (an argument, a layer, a method), any case.

    Parameters
    ----------
    question, hint : str
        As for :func:`choice`.
    accepted : str or tuple of str
        The accepted spellings, e.g. ``("return_sequences",)``; compared without case, spaces,
        quotes, backticks or a trailing ``()`` / ``=True``.
    wrong : tuple of str
        Names the check must reject.

    Returns
    -------
    Exercise
    """
    accepted = (accepted,) if isinstance(accepted, str) else tuple(accepted)

    def normal(text):
        if not isinstance(text, str):
            raise TypeError(f"answer must be a name as a string, got {type(text).__name__}")
        text = text.strip().strip("`'\" ").lower()
        for suffix in ("()", "=true"):
            text = text.removesuffix(suffix)
        return text.replace(" ", "")

    targets = {normal(a) for a in accepted}
    return Exercise(question=question, is_correct=lambda answer: normal(answer) in targets,
                    hint=hint, wrong_answers=tuple(wrong))
