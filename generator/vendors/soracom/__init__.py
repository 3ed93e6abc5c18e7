"""The Soracom vendor layer (pin: `[package] vendor = "soracom"`).

Copied into a generated package as `<package>._vendor`; see each module for what it adds.
"""
