package io.capsulemq.rar;

import io.capsulemq.rar.inbound.CapsuleActivationSpec;
import io.capsulemq.rar.inbound.Inbound;
import io.capsulemq.rar.outbound.Outbound;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.AuthenticationMechanism;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.Connector;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.TransactionSupport;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;

import javax.transaction.xa.XAResource;

/**
 * Capsule MQ as a JCA 2.1 resource adapter. {@link #start} boots the embedded broker (store under the server
 * instance's folder unless {@code storeDir} is set) and registers it with the native API under its
 * {@code brokerName}; {@link #stop} ends the MDB activations (in-flight deliveries finish), closes the producers
 * and closes the broker, leaving no thread, lock or port behind.
 *
 * <p>Properties (all optional): {@code mode} (embedded, or remote: a Capsule standalone broker or an Apache
 * RocketMQ cluster reached through {@code namesrvAddr}), {@code storeDir} (remote: where the XA branch log is kept,
 * in {@value #BRANCH_LOG_FOLDER}), {@code flushDiskType} (ASYNC_FLUSH or SYNC_FLUSH), {@code brokerName}, the
 * embedded broker's network listener as the standalone broker has it ({@code listenPort} 10911, 0 for in-process
 * only; {@code namesrvListenPort} 9876, 0 for none; {@code bindAddress} 127.0.0.1; {@code brokerIP1}),
 * {@code namesrvAddr} (the cluster's in the remote mode; further NameServers the embedded broker registers with
 * otherwise), {@code accessKey} and {@code secretKey} (remote mode only: every request to the cluster is signed with
 * them, as RocketMQ's clients sign for a cluster with authentication on), {@code retryBackoff}
 * (delays before each retry of a failed delivery, e.g. {@code 10s,30s,1m}) and {@code brokerSettings} (any other
 * engine setting as {@code name=value&name=value}).
 */
@Connector(
        displayName = "Capsule MQ",
        description = "A RocketMQ-style message broker inside the server: producers, MDBs, XA half messages.",
        vendorName = "Capsule MQ",
        eisType = "RocketMQ-style message broker",
        version = "0.1",
        transactionSupport = TransactionSupport.TransactionSupportLevel.XATransaction,
        authMechanisms = @AuthenticationMechanism(authMechanism = "BasicPassword",
                credentialInterface = AuthenticationMechanism.CredentialInterface.PasswordCredential),
        reauthenticationSupport = false)
public class CapsuleResourceAdapter implements ResourceAdapter {
    private static final System.Logger LOG = System.getLogger(CapsuleResourceAdapter.class.getName());

    @ConfigProperty(defaultValue = "embedded",
            description = "embedded: the broker runs in this server; remote: a broker cluster reached at namesrvAddr")
    private String mode = "embedded";

    @ConfigProperty(defaultValue = "",
            description = "The embedded broker's store folder; empty: capsule-data under the server instance's folder")
    private String storeDir = "";

    @ConfigProperty(defaultValue = "ASYNC_FLUSH",
            description = "ASYNC_FLUSH (acknowledged once written) or SYNC_FLUSH (acknowledged once on disk)")
    private String flushDiskType = "ASYNC_FLUSH";

    @ConfigProperty(defaultValue = "capsule-broker",
            description = "The broker's name; native clients in this server use it as their endpoint")
    private String brokerName = "capsule-broker";

    @ConfigProperty(defaultValue = "10911",
            description = "The embedded broker's port for RocketMQ's clients and tools; 0: in-process only")
    private Integer listenPort = ListenerProperties.DEFAULT_LISTEN_PORT;

    @ConfigProperty(defaultValue = "9876",
            description = "The embedded NameServer's port (when listenPort is set); 0: none, register with namesrvAddr")
    private Integer namesrvListenPort = ListenerProperties.DEFAULT_NAMESRV_LISTEN_PORT;

    @ConfigProperty(defaultValue = "127.0.0.1", description = "The address the broker and its NameServer bind to")
    private String bindAddress = ListenerProperties.DEFAULT_BIND_ADDRESS;

    @ConfigProperty(defaultValue = "",
            description = "The broker address clients are given; empty: bindAddress (loopback when bound to all)")
    private String brokerIP1 = "";

    @ConfigProperty(defaultValue = "",
            description = "NameServer addresses (host:port;...): the cluster's in the remote mode, further ones "
                    + "the embedded broker registers with otherwise")
    private String namesrvAddr = "";

    @ConfigProperty(defaultValue = "",
            description = "mode=remote: the user (access key) the cluster's authentication knows; requests are signed "
                    + "with it and secretKey. Empty: requests are not signed")
    private String accessKey = "";

    @ConfigProperty(defaultValue = "", description = "mode=remote: the password (secret key) of accessKey",
            confidential = true)
    private String secretKey = "";

    @ConfigProperty(defaultValue = "",
            description = "Delays before the 1st, 2nd, ... retry of a failed delivery (the last repeats); "
                    + "empty: 10s,30s,1m,2m,...,2h")
    private String retryBackoff = "";

    @ConfigProperty(defaultValue = "",
            description = "Further engine settings, name=value&name=value (as a local: endpoint takes them)")
    private String brokerSettings = "";

    private transient volatile Running running;

    /** What exists between start and stop. */
    private record Running(AdapterBroker broker, Outbound outbound, Inbound inbound) {
    }

    /** In the remote mode, the XA branch log's folder under the store folder. */
    static final String BRANCH_LOG_FOLDER = "xa-branches";

    @Override
    public void start(BootstrapContext context) throws ResourceAdapterInternalException {
        AdapterSettings settings;
        try {
            settings = AdapterSettings.of(mode, storeDir, flushDiskType, brokerName,
                    ListenerProperties.of(listenPort, namesrvListenPort, bindAddress, brokerIP1), namesrvAddr,
                    retryBackoff, brokerSettings).withCredentials(accessKey, secretKey);
        } catch (IllegalArgumentException e) {
            throw new ResourceAdapterInternalException("Capsule MQ adapter not started: " + e.getMessage(), e);
        }
        if (settings.mode() == BrokerMode.REMOTE) {
            startRemote(settings, context);
            return;
        }
        EmbeddedBroker broker;
        try {
            broker = AdapterLoader.call(() -> EmbeddedBroker.start(settings));
        } catch (RuntimeException e) {
            throw new ResourceAdapterInternalException("Capsule MQ adapter not started: the embedded broker over "
                    + settings.storeDir() + " did not start: " + e.getMessage(), e);
        }
        try {
            Outbound outbound = Outbound.start(broker);
            running = new Running(broker, outbound, new Inbound(broker, context.getWorkManager()));
        } catch (RuntimeException e) {
            broker.close();
            throw new ResourceAdapterInternalException("Capsule MQ adapter not started: " + e.getMessage(), e);
        }
        LOG.log(System.Logger.Level.INFO, "Capsule MQ adapter started: embedded broker {0} over {1}, settings {2}",
                settings.endpoint(), settings.storeDir(), new java.util.TreeMap<>(settings.brokerSettings()));
    }

    private void startRemote(AdapterSettings settings, BootstrapContext context)
            throws ResourceAdapterInternalException {
        RemoteBroker broker;
        try {
            broker = AdapterLoader.call(() -> RemoteBroker.connect(settings));
        } catch (RuntimeException e) {
            throw new ResourceAdapterInternalException("Capsule MQ adapter not started: no broker cluster could be "
                    + "reached at NameServers " + settings.namesrvAddr() + " (property namesrvAddr): "
                    + e.getMessage(), e);
        }
        try {
            Outbound outbound = AdapterLoader.call(() -> Outbound.start(broker,
                    settings.storeDir().resolve(BRANCH_LOG_FOLDER)));
            running = new Running(broker, outbound, new Inbound(broker, context.getWorkManager()));
        } catch (RuntimeException e) {
            broker.close();
            throw new ResourceAdapterInternalException("Capsule MQ adapter not started: " + e.getMessage(), e);
        }
        LOG.log(System.Logger.Level.INFO, "Capsule MQ adapter started: remote brokers at NameServers {0}, XA branch "
                + "log in {1}, {2}", settings.namesrvAddr(), settings.storeDir().resolve(BRANCH_LOG_FOLDER),
                settings.credentials() == null ? "requests not signed"
                        : "requests signed with access key " + settings.credentials().accessKey());
    }

    @Override
    public void stop() {
        Running r = running;
        running = null;
        if (r == null) {
            return;
        }
        // Consumers first (their deliveries finish and offsets are committed), then producers, then the broker.
        closeQuietly("the MDB activations", r.inbound());
        closeQuietly("the producers", r.outbound());
        closeQuietly(r.broker() instanceof RemoteBroker ? "the remote brokers' gateway" : "the embedded broker",
                r.broker());
        LOG.log(System.Logger.Level.INFO, "Capsule MQ adapter stopped");
    }

    private static void closeQuietly(String what, AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "Capsule MQ adapter: closing " + what + " failed", e);
        }
    }

    @Override
    public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec) throws ResourceException {
        if (!(spec instanceof CapsuleActivationSpec capsuleSpec)) {
            throw new NotSupportedException("Capsule MQ takes " + CapsuleActivationSpec.class.getName()
                    + ", not " + (spec == null ? "null" : spec.getClass().getName()));
        }
        requireRunning().inbound().activate(factory, capsuleSpec);
    }

    @Override
    public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
        Running r = running;
        if (r != null && spec instanceof CapsuleActivationSpec capsuleSpec) {
            r.inbound().deactivate(factory, capsuleSpec);
        }
    }

    /**
     * Inbound deliveries hold nothing to recover: a delivery whose transaction did not commit is delivered again.
     * The outbound branches are recovered through the connection pools' XA resources.
     */
    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) {
        return new XAResource[0];
    }

    /** The started adapter's producer side, for the connection factories. */
    public Outbound outbound() throws ResourceException {
        return requireRunning().outbound();
    }

    private Running requireRunning() throws ResourceAdapterInternalException {
        Running r = running;
        if (r == null) {
            throw new ResourceAdapterInternalException("the Capsule MQ adapter is not started");
        }
        return r;
    }

    public String getMode() { return mode; }
    public void setMode(String mode) { this.mode = mode; }
    public String getStoreDir() { return storeDir; }
    public void setStoreDir(String storeDir) { this.storeDir = storeDir; }
    public String getFlushDiskType() { return flushDiskType; }
    public void setFlushDiskType(String flushDiskType) { this.flushDiskType = flushDiskType; }
    public String getBrokerName() { return brokerName; }
    public void setBrokerName(String brokerName) { this.brokerName = brokerName; }
    public Integer getListenPort() { return listenPort; }
    public void setListenPort(Integer listenPort) { this.listenPort = listenPort; }
    public Integer getNamesrvListenPort() { return namesrvListenPort; }
    public void setNamesrvListenPort(Integer namesrvListenPort) { this.namesrvListenPort = namesrvListenPort; }
    public String getBindAddress() { return bindAddress; }
    public void setBindAddress(String bindAddress) { this.bindAddress = bindAddress; }
    public String getBrokerIP1() { return brokerIP1; }
    public void setBrokerIP1(String brokerIP1) { this.brokerIP1 = brokerIP1; }
    public String getNamesrvAddr() { return namesrvAddr; }
    public void setNamesrvAddr(String namesrvAddr) { this.namesrvAddr = namesrvAddr; }
    public String getAccessKey() { return accessKey; }
    public void setAccessKey(String accessKey) { this.accessKey = accessKey; }
    public String getSecretKey() { return secretKey; }
    public void setSecretKey(String secretKey) { this.secretKey = secretKey; }
    public String getRetryBackoff() { return retryBackoff; }
    public void setRetryBackoff(String retryBackoff) { this.retryBackoff = retryBackoff; }
    public String getBrokerSettings() { return brokerSettings; }
    public void setBrokerSettings(String brokerSettings) { this.brokerSettings = brokerSettings; }
}
