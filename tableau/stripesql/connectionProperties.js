// JDBC properties for the stripe-sql driver. The gateway's username and password are HTTP credentials
// (Avatica's avatica_user / avatica_password with BASIC authentication), not Stripe keys: the Stripe key
// stays on the gateway.
(function propertiesbuilder(attr) {
    var props = {};
    props["serialization"] = "protobuf";
    if (attr[connectionHelper.attributeAuthentication] == "auth-user-pass") {
        props["authentication"] = "BASIC";
        props["avatica_user"] = attr[connectionHelper.attributeUsername];
        props["avatica_password"] = attr[connectionHelper.attributePassword];
    }
    return props;
})
