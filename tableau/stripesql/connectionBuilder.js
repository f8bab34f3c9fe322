// The JDBC URL of the stripe-sql gateway: jdbc:stripesql:url=http(s)://SERVER:PORT
// (protobuf, the gateway's default serialization; the stripe-sql driver sends it unless told otherwise).
(function dsbuilder(attr) {
    var scheme = attr[connectionHelper.attributeSSLMode] == "require" ? "https" : "http";
    var server = attr[connectionHelper.attributeServer];
    var port = attr[connectionHelper.attributePort];
    return ["jdbc:stripesql:url=" + scheme + "://" + server + ":" + port];
})
