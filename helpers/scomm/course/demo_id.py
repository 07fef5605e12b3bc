"""What a student still answering as the demo id is told, worded for where the lesson is shown.

In JupyterLab the id is ``student_id`` in the parameter cell. In the app (``scomm app``,
served by Voilà) there is no cell to edit: the id comes from the page's address, ``?student=ID``
(``scomm.publish.app.student_from_address``). ``scomm app`` says so itself: it sets
``SCOMM_APP=1`` in Voilà's environment, which every kernel Voilà starts for a page inherits
(``scomm.publish.app.voila_env``), so the words are chosen in the kernel and nothing has to be
passed through the lesson. Being served by some Voilà is not enough: a lesson Voilà serves as it
is reads no ``?student=``.

>>> print(warning({}))  # doctest: +ELLIPSIS
You are answering as demo-student, ... Set student_id to your own id in the parameter cell ...
>>> print(warning({"SCOMM_APP": "1", "SERVER_SOFTWARE": "voila/0.5.13"}))  # doctest: +ELLIPSIS
You are answering as demo-student, ... Add ?student= and your own id to the end of this page's address ...
>>> shown_in({"SERVER_SOFTWARE": "voila/0.5.13"})  # another Voilà: the notebook's words
'notebook'
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from scomm.course.hub import DEMO_STUDENT

#: The query parameter of the app's address that names the student (``?student=ID``).
ADDRESS_PARAMETER = "student"

#: Where a lesson is shown: a notebook (JupyterLab, papermill) or the app's web page (Voilà).
NOTEBOOK, APP = "notebook", "app"
#: Set to "1" by ``scomm app`` for its Voilà and so for the kernels of the app's pages.
APP_VARIABLE = "SCOMM_APP"

_WHOSE = (
    f"You are answering as {DEMO_STUDENT}, the example id: your instructor cannot tell these answers "
    "from anyone else's."
)
#: How a student sets their own id, by where the lesson is shown.
_OWN_ID = {
    NOTEBOOK: (
        "Set student_id to your own id in the parameter cell (the first code cell), "
        "then run the lesson again (Run > Run All Cells) before you submit."
    ),
    APP: (
        f"Add ?{ADDRESS_PARAMETER}= and your own id to the end of this page's address "
        f"(for example …/?{ADDRESS_PARAMETER}=s1042) and press Enter: the page opens again under your "
        "id. Answer there, then submit."
    ),
}
_AGAIN = {
    NOTEBOOK: "set your own student_id and submit again.",
    APP: f"open this page with ?{ADDRESS_PARAMETER}= and your own id at the end of its address, answer "
    "and submit again.",
}


def shown_in(environ: Mapping[str, str] | None = None) -> str:
    """``APP`` when ``scomm app`` serves this kernel's page (``APP_VARIABLE`` says so), else ``NOTEBOOK``."""
    return APP if (os.environ if environ is None else environ).get(APP_VARIABLE) == "1" else NOTEBOOK


def warning(environ: Mapping[str, str] | None = None) -> str:
    """The warning shown above the Submit button while the id is the demo id."""
    return f"{_WHOSE} {_OWN_ID[shown_in(environ)]}"


def submitted_as_demo(environ: Mapping[str, str] | None = None) -> str:
    """What the receipt adds when a submission was saved under the demo id.

    >>> submitted_as_demo({})
    'It was saved as demo-student: set your own student_id and submit again.'
    """
    return f"It was saved as {DEMO_STUDENT}: {_AGAIN[shown_in(environ)]}"
