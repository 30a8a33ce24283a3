"""Answers questions about CreateContact requests the way botocore does.

Reads JSON lines on stdin, each {"params": {...}}, and writes one JSON line per input:
{"method", "path", "query", "content_type", "body", "violations": [{"reason", "path"}]}.
The model is botocore's own service model for Connect, passed as the first argument.
"""

import json
import sys

from botocore.model import ServiceModel
from botocore.serialize import create_serializer
from botocore.validate import ParamValidator


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        model = ServiceModel(json.load(handle), service_name="connect")
    operation = model.operation_model("CreateContact")
    serializer = create_serializer("rest-json")
    validator = ParamValidator()
    for line in sys.stdin:
        params = json.loads(line)["params"]
        report = validator.validate(params, operation.input_shape)
        violations = [
            {"reason": reason, "path": name[1:] if name.startswith(".") else name}
            for reason, name, _ in report._errors
        ]
        answer = {"violations": violations}
        if not violations:
            request = serializer.serialize_to_request(params, operation)
            body = request["body"]
            answer.update(
                method=request["method"],
                path=request["url_path"],
                query=request["query_string"],
                content_type=request["headers"].get("Content-Type"),
                body=body.decode("utf-8") if isinstance(body, bytes) else body,
            )
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
