// Reads the bodies of the requests that are mostly items (PutItem and
// BatchWriteItem) straight into the engine's requests, in one pass over the
// text: no JSON document is built, and no item is converted from one.
//
// Only the common, valid shape is read: the members a client sends to
// write items, each of the right type, every string valid UTF-8, no
// duplicate names, no nulls. For anything else (an invalid body, a member
// this reader does not know, a value the general parser would refuse or
// read differently) these return false, having read nothing, and the
// request goes through the general path (nlohmann's parser and the
// handlers in wire/ops/), whose answer, error or not, is the reference. A
// body read here gives the same request that path builds from it
// (tests/request_reader_test.cc checks this on mutated bodies).
#ifndef DYNAROCK_WIRE_REQUEST_READER_H_
#define DYNAROCK_WIRE_REQUEST_READER_H_

#include <string_view>

#include "engine/requests.h"

namespace dynarock {

bool ReadPutItemRequest(std::string_view body, PutItemRequest* out);
bool ReadBatchWriteItemRequest(std::string_view body,
                               BatchWriteItemRequest* out);

}  // namespace dynarock

#endif  // DYNAROCK_WIRE_REQUEST_READER_H_
