"""PDQ hash of a screenshot, the way the course grader computes it (an RGB image into
pdqhash.compute). Usage: pdq.py FILE.png; prints {"width", "height", "quality", "hash"} as JSON,
the hash as 256 characters 0/1 in pdqhash's bit order."""
import json
import sys

import numpy as np
import pdqhash
from PIL import Image

with Image.open(sys.argv[1]) as image:
    width, height = image.size
    rgb = np.ascontiguousarray(np.asarray(image.convert("RGB")))
bits, quality = pdqhash.compute(rgb)
print(json.dumps({
    "width": width,
    "height": height,
    "quality": int(quality),
    "hash": "".join("1" if bit else "0" for bit in bits),
}))
