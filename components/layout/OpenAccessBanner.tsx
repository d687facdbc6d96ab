/** Shown on every page while no viewer or auth proxy is configured (README, Security). */
export function OpenAccessBanner() {
  return (
    <div className="open-access-banner" role="status" data-testid="open-access-banner">
      <strong>Open access, local only.</strong> No viewer is configured, so this server listens on
      loopback only and anyone on this machine can use it. Set <code>AUTHSCOPE_VIEWER_TOKENS</code>{' '}
      (or config
      <code> viewers</code>) to require sign-in.
    </div>
  );
}
