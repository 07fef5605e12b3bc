"""Students annotate readings; instructors compare the class with the key: ``records`` (the
annotation and its checks), ``anchoring`` (its words found again after an edit), ``store`` (the
answer log and the key file), ``interchange`` (W3C Web Annotation and CSV), ``reading_view`` and
``annotator`` (the widget), ``agreement`` and ``classview`` (the class view), ``synthetic``."""
