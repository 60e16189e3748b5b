"""The government new-media matrix (政务新媒体矩阵): patrols, 三审三校, sweeps and bulletins.

Pure functions over values; the web app feeds them what its database holds and stores what
they return. Dates come in as arguments: nothing here reads a clock.
"""
