"""The venue client generator: specs/*.yaml in, generated/venues out.

Stages: :mod:`generator.load` (read and validate), :mod:`generator.build` (the typed
intermediate model in :mod:`generator.ir`), :mod:`generator.models` and
:mod:`generator.render` (emit code), driven by :mod:`generator.pipeline`.
"""
