"""What a clinic makes its own: its profile, its script pack, and the crisis lines for a region.

Plain Python like the rest of the domain: read with the scripts' strict YAML reader, converted by
the same ``spec()`` machinery, and reported as the same file:line:col problems.
"""
