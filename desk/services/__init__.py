"""Use cases: one function per thing an agent does. The window and the ``desk``
command call these and nothing below them."""
