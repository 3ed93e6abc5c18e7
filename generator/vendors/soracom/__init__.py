"""The Soracom vendor layer (pin: `[vendor] name = "soracom"`).

Copied into a generated package as `<package>._vendor`; see each module for what it adds.
"""
