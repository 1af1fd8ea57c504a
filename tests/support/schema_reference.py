"""The independent side of the schema tests: confluent-kafka's own schema-registry serializers.

  python schema_reference.py produce avro|protobuf|json --bootstrap B --registry URL --topic T
      produces test messages with confluent-kafka's serializer, reads each back with its deserializer, and prints one
      JSON line per message: {"partition", "offset", "value": what the deserializer gave, as JSON}.
  python schema_reference.py consume avro|protobuf|json --bootstrap B --registry URL --topic T [--by-index]
      reads partition 0 of the topic with confluent-kafka's deserializer (Protobuf: as kafkalab.test.Order, or with
      --by-index as the type the message indexes name) and prints {"offset", "value", "schema_id"} per message.

Python values become JSON the way kafkalab writes decoded values: bytes as one character U+0000..U+00FF per byte
(Avro's JSON encoding), Decimal as its plain string, date/time/datetime in ISO 8601 (isoformat()), UUID as its string;
Protobuf messages through json_format.MessageToDict. Run with the venv of scripts/setup-venv.
"""
import argparse
import datetime
import decimal
import json
import os
import subprocess
import sys
import tempfile
import uuid
import warnings

warnings.filterwarnings("ignore")  # authlib's notice about httpx, on every import

from confluent_kafka import Producer  # noqa: E402
from confluent_kafka.schema_registry import SchemaRegistryClient  # noqa: E402
from confluent_kafka.serialization import MessageField, SerializationContext  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMAS = os.path.join(HERE, "schemas")


def to_json(v):
    if isinstance(v, dict):
        return {str(k): to_json(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [to_json(x) for x in v]
    if isinstance(v, (bytes, bytearray)):
        return bytes(v).decode("latin-1")
    if isinstance(v, decimal.Decimal):
        return format(v, "f")
    if isinstance(v, (datetime.datetime, datetime.date, datetime.time)):
        return v.isoformat()
    if isinstance(v, uuid.UUID):
        return str(v)
    return v


UTC = datetime.timezone.utc


def avro_values():
    base = {
        "id": "o-1", "quantity": 3, "total": 9007199254740993, "ratio": 0.25, "weight": 1.5, "paid": True,
        "coupon": None, "status": "SHIPPED", "tags": ["a", "b"], "attributes": {"x": 1, "y": -2},
        "customer": {"name": "Ann", "address": {"city": "Oslo", "zip": 150}},
        "previous_status": "PLACED", "raw": b"\x00\x01\xff", "digest": b"\xde\xad\xbe\xef",
        "amount": decimal.Decimal("-1234.50"),
        "placed_at": datetime.datetime(2024, 5, 1, 12, 30, 0, 250000, tzinfo=UTC),
        "shipped_at": datetime.datetime(2024, 5, 2, 8, 0, 0, 123456, tzinfo=UTC),
        "due": datetime.date(2024, 6, 30), "trace": uuid.UUID("0f8fad5b-d9cb-469f-a165-70867728950e"),
    }
    second = dict(base, id="o-2", coupon="SPRING", tags=[], attributes={}, previous_status=None,
                  customer={"name": "Bo", "address": None}, raw=b"", amount=decimal.Decimal("0.05"),
                  placed_at=datetime.datetime(1969, 12, 31, 23, 59, 59, tzinfo=UTC), due=datetime.date(1970, 1, 1))
    return [base, second]


def protobuf_classes():
    from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
    from google.protobuf import timestamp_pb2  # noqa: F401  (registers google/protobuf/timestamp.proto)
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "shop.pb")
        subprocess.run(["protoc", "-I", SCHEMAS, "--descriptor_set_out=" + out, "shop.proto"], check=True)
        fds = descriptor_pb2.FileDescriptorSet.FromString(open(out, "rb").read())
    pool = descriptor_pool.Default()
    for f in fds.file:
        try:
            pool.Add(f)
        except TypeError:
            pass  # already there
    fd = pool.FindFileByName("shop.proto")
    get = message_factory.GetMessageClass
    return get(fd.message_types_by_name["Order"]), get(fd.message_types_by_name["Customer"])


def protobuf_values():
    Order, Customer = protobuf_classes()
    o = Order(id="o-1", customer_id=-9007199254740993, status=Order.SHIPPED, card_last4="4242", tags=[1, -2, 3],
              note=b"\x00\xff")
    o.lines.add(sku="s-1", quantity=2, price=9.5)
    o.lines.add(sku="s-2", quantity=1, price=0.1)
    o.attributes["gift"] = "yes"
    o.placed_at.FromDatetime(datetime.datetime(2024, 5, 1, 12, 30, 0, 250000))
    o2 = Order(id="o-2", invoice=True)
    c = Customer(name="Ann", points=18446744073709551615, last_status=Order.PLACED)
    line = Order.Line(sku="s-9", quantity=7, price=1.25)
    return [o, o2, c, line]


def protobuf_by_index(file_descriptor):
    """A deserializer that reads the message indexes after the schema id and decodes as the type they name."""
    from google.protobuf import message_factory
    from confluent_kafka.schema_registry.protobuf import ProtobufDeserializer
    cache = {}

    def zigzag(data, pos):
        shift, raw = 0, 0
        while True:
            b = data[pos]
            pos += 1
            raw |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                return (raw >> 1) ^ -(raw & 1), pos

    def deserialize(data, ctx):
        count, pos = zigzag(data, 5)
        indexes = [0] if count == 0 else []
        for _ in range(count):
            i, pos = zigzag(data, pos)
            indexes.append(i)
        d = file_descriptor.message_types_by_name[list(file_descriptor.message_types_by_name)[indexes[0]]]
        for i in indexes[1:]:
            d = d.nested_types[i]
        if d.full_name not in cache:
            cache[d.full_name] = ProtobufDeserializer(message_factory.GetMessageClass(d),
                                                      {"use.deprecated.format": False})
        return cache[d.full_name](data, ctx)
    return deserialize


def json_values():
    return [{"id": "j-1", "quantity": 2, "price": 9.99, "tags": ["x"], "customer": {"name": "Ann"}, "coupon": None},
            {"id": "j-2", "quantity": 1}]


def produce(args):
    registry = SchemaRegistryClient({"url": args.registry})
    producer = Producer({"bootstrap.servers": args.bootstrap})
    delivered = []
    errors = []

    def report(err, msg):
        if err is not None:
            errors.append(str(err))
        else:
            delivered.append((msg.partition(), msg.offset()))

    items = []  # (value bytes, expected JSON)
    if args.format == "avro":
        from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
        schema = open(os.path.join(SCHEMAS, "order.avsc")).read()
        ser = AvroSerializer(registry, schema)
        de = AvroDeserializer(registry)
        for v in avro_values():
            ctx = SerializationContext(args.topic, MessageField.VALUE)
            data = ser(v, ctx)
            items.append((data, to_json(de(data, ctx))))
    elif args.format == "protobuf":
        from google.protobuf import json_format
        from confluent_kafka.schema_registry.protobuf import ProtobufDeserializer, ProtobufSerializer
        for m in protobuf_values():
            ctx = SerializationContext(args.topic, MessageField.VALUE)
            # One serializer per message type; the subject is the topic's, so the types share one subject
            # only when compatible: the record-name strategy keeps them apart.
            from confluent_kafka.schema_registry import record_subject_name_strategy
            ser = ProtobufSerializer(type(m), registry, {"use.deprecated.format": False,
                                                          "subject.name.strategy": record_subject_name_strategy})
            data = ser(m, ctx)
            de = ProtobufDeserializer(type(m), {"use.deprecated.format": False})
            items.append((data, json_format.MessageToDict(de(data, ctx))))
    else:
        from confluent_kafka.schema_registry.json_schema import JSONDeserializer, JSONSerializer
        schema = open(os.path.join(SCHEMAS, "order.schema.json")).read()
        ser = JSONSerializer(schema, registry)
        de = JSONDeserializer(schema)
        for v in json_values():
            ctx = SerializationContext(args.topic, MessageField.VALUE)
            data = ser(v, ctx)
            items.append((data, to_json(de(data, ctx))))
    for i, (data, _) in enumerate(items):
        producer.produce(args.topic, key=("k%d" % i).encode(), value=data, partition=0, on_delivery=report)
        producer.flush(30)
    if len(delivered) != len(items):
        sys.exit("only %d of %d messages were delivered: %s" % (len(delivered), len(items), "; ".join(errors)))
    for (partition, offset), (data, expected) in zip(delivered, items):
        print(json.dumps({"partition": partition, "offset": offset, "value": expected,
                          "schema_id": int.from_bytes(data[1:5], "big")}))


def consume(args):
    """Reads the topic from the beginning with confluent-kafka's deserializers; one JSON line per message."""
    from confluent_kafka import Consumer, TopicPartition
    registry = SchemaRegistryClient({"url": args.registry})
    if args.format == "avro":
        from confluent_kafka.schema_registry.avro import AvroDeserializer
        de, show = AvroDeserializer(registry), to_json
    elif args.format == "protobuf":
        from google.protobuf import json_format
        from confluent_kafka.schema_registry.protobuf import ProtobufDeserializer
        Order, _ = protobuf_classes()
        if args.by_index:  # the message type the wire format's message indexes name (Order, Customer, Order.Line)
            de, show = protobuf_by_index(Order.DESCRIPTOR.file), json_format.MessageToDict
        else:
            de, show = ProtobufDeserializer(Order, {"use.deprecated.format": False}), json_format.MessageToDict
    else:
        from confluent_kafka.schema_registry.json_schema import JSONDeserializer
        de, show = JSONDeserializer(open(os.path.join(SCHEMAS, "order.schema.json")).read()), to_json
    consumer = Consumer({"bootstrap.servers": args.bootstrap, "group.id": "schema-reference",
                         "enable.auto.commit": False})
    low, high = consumer.get_watermark_offsets(TopicPartition(args.topic, 0), timeout=30)
    consumer.assign([TopicPartition(args.topic, 0, low)])
    seen = 0
    while seen < high - low:
        msg = consumer.poll(10)
        if msg is None:
            sys.exit("no message within 10 s after %d of %d" % (seen, high - low))
        if msg.error():
            sys.exit(str(msg.error()))
        seen += 1
        ctx = SerializationContext(args.topic, MessageField.VALUE)
        print(json.dumps({"offset": msg.offset(), "value": show(de(msg.value(), ctx)),
                          "schema_id": int.from_bytes(msg.value()[1:5], "big")}))
    consumer.close()


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="command", required=True)
    pr = sub.add_parser("produce")
    pr.add_argument("format", choices=["avro", "protobuf", "json"])
    pr.add_argument("--bootstrap", required=True)
    pr.add_argument("--registry", required=True)
    pr.add_argument("--topic", required=True)
    co = sub.add_parser("consume")
    co.add_argument("format", choices=["avro", "protobuf", "json"])
    co.add_argument("--bootstrap", required=True)
    co.add_argument("--registry", required=True)
    co.add_argument("--topic", required=True)
    co.add_argument("--by-index", action="store_true",
                    help="Protobuf: decode each message as the type its message indexes name (else as Order)")
    args = p.parse_args()
    produce(args) if args.command == "produce" else consume(args)


if __name__ == "__main__":
    main()
